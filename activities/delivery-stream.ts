import type { Models } from '../models';
import { DELIVERY_STREAM, deliveryEntryId, type DeliveryEntry } from '../models/delivery-entry';
import type { EventRecord } from '../models/event';
import { isDuplicateKey } from '../models/duplicate-key';

export type NewDeliveryEntry = Pick<DeliveryEntry, 'position' | 'eventId' | 'type'> & { event?: EventRecord; endpointIds?: string[] };

const MAX_ATTEMPTS = 100;
/** The head's hint is written when the stream crosses a multiple of this (updates are slow on FerretDB). */
const HINT_EVERY = 16;
/** Entries per insert at most: what waits beyond it goes in the next. */
const INSERT_MAX = 1_000;

/**
 * The stream's last sequence: from `known` (a position seen taken) or else the hint, walking on while the
 * next position is taken. Entries are never removed, so what it answers exists.
 */
export async function deliveryStreamHead(models: Models, known?: number): Promise<number> {
  let sequence = known ?? (await models.EventHead.collection.findOne({ _id: DELIVERY_STREAM as never }))?.sequence ?? 0;
  while (await models.DeliveryEntry.collection.findOne({ _id: deliveryEntryId(sequence + 1) as never }, { projection: { _id: 1 } })) {
    sequence++;
  }
  return sequence;
}

interface Waiting {
  entries: NewDeliveryEntry[];
  resolve: (head: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Appends entries to the delivery stream. Appends of one process go in turns, and what waits while an insert
 * is out goes in the next one together (one insert for many activities' events, however busy the worker);
 * another process taking the same positions collides on `_id`, and the rest go again after the new head.
 */
export function createDeliveryStreamAppender(models: Models) {
  /** The last position this process took or saw taken: usually the head, so an append is one insert. */
  let known: number | undefined;
  const waiting: Waiting[] = [];
  let flushing = false;

  async function insertAtHead(entries: NewDeliveryEntry[]): Promise<number> {
    let rest = entries;
    let trustKnown = true;
    let last = known ?? 0;
    for (let attempt = 0; rest.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`could not append to the delivery stream after ${MAX_ATTEMPTS} attempts`);
      const from = (trustKnown && known !== undefined ? known : await deliveryStreamHead(models, known)) + 1;
      const createdAt = new Date();
      const docs = rest.map((entry, i) => ({ _id: deliveryEntryId(from + i), sequence: from + i, ...entry, createdAt }));
      let inserted = docs.length;
      try {
        await models.DeliveryEntry.collection.insertMany(docs as never[], { ordered: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Ordered: the entries before the collision are in, at their positions; the rest go after the new head.
        inserted = (error as { insertedCount?: number }).insertedCount ?? 0;
      }
      if (inserted > 0) {
        last = from + inserted - 1;
        advance(from - 1, last);
      }
      rest = rest.slice(inserted);
      trustKnown = false;
    }
    return last;
  }

  function advance(previous: number, head: number) {
    known = head;
    // Not waited for: the next append need not wait on a hint, and a hint that lands late or behind only
    // makes another process's walk to the head longer.
    if (Math.floor(head / HINT_EVERY) > Math.floor(previous / HINT_EVERY)) {
      void models.EventHead.collection
        .updateOne({ _id: DELIVERY_STREAM as never }, { $set: { sequence: head } }, { upsert: true })
        .catch(() => undefined);
    }
  }

  async function flush() {
    flushing = true;
    try {
      while (waiting.length > 0) {
        let count = 0;
        let taken = 0;
        while (taken < waiting.length && (taken === 0 || count + waiting[taken].entries.length <= INSERT_MAX)) {
          count += waiting[taken++].entries.length;
        }
        const turn = waiting.splice(0, taken);
        try {
          const head = await insertAtHead(turn.flatMap((w) => w.entries));
          for (const w of turn) w.resolve(head);
        } catch (error) {
          known = undefined;
          for (const w of turn) w.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  /** Resolves with the stream's head once the entries are in (at or before it). */
  return function append(entries: NewDeliveryEntry[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      waiting.push({ entries, resolve, reject });
      if (!flushing) void flush();
    });
  };
}
