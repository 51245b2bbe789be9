import { durationText } from '../domain/duration';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { endpointWants, type EventType } from '../domain/event-types';
import type { Models } from '../models';
import { eventIdFor, eventPosition, PLATFORM_STREAM, type EventRecord } from '../models/event';
import { webhookDeliveryWorkflowId, webhookStreamSignal, type WebhookDeliveryInput } from '../workflows/webhook-delivery-definitions';
import { createDeliveryStreamAppender, deliveryStreamHead } from './delivery-stream';
import { isDuplicateKey } from '../models/duplicate-key';
import { insertGrouped } from '../models/group-write';

export interface NewEvent {
  /** The effect's own idempotency key: the same effect, retried, is the same event. */
  key: string;
  type: EventType;
  /** Null for a fact of the platform (a bank credit that matched no organization, an endpoint disabled). */
  orgId: string | null;
  data: Record<string, unknown>;
  at?: Date;
}

const MAX_ATTEMPTS = 100;
const HINT_EVERY = 16;
/** Endpoints (few, rarely changed) are read at most this often per process; a new one gets events after it. */
const ENDPOINTS_TTL_MS = 2_000;
/**
 * Signals to one endpoint's workflow leave at least this far apart: a steady flow of events costs each
 * endpoint a few signals a second, whatever the number of events, instead of one per event and endpoint
 * (which ten endpoints turned into hundreds of signals a second). An event after a quiet spell goes at once.
 */
const SIGNAL_SPACING_MS = 200;
/** Entries per append of a redelivery: a long range goes in several inserts. */
const REDELIVERY_CHUNK = 1_000;

export const deliveryInput = (config: Config, endpointId: string): WebhookDeliveryInput => ({
  endpointId,
  // Text, as the delivery workflow's input has always carried it.
  retry: {
    initialInterval: durationText(config.WEBHOOK_RETRY_INITIAL),
    maxInterval: durationText(config.WEBHOOK_RETRY_MAX),
    giveUpAfter: durationText(config.WEBHOOK_RETRY_FOR),
  },
});

interface Lane {
  head: number;
  waiting: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Tells endpoints' delivery workflows how far the delivery stream goes, starting a workflow that does not run
 * yet. One signal per endpoint is in flight at a time, and the next leaves SIGNAL_SPACING_MS after it at the
 * earliest carrying the highest head asked meanwhile, so a burst costs a few signals per endpoint (and its
 * workflow a few tasks), not one per event and endpoint.
 */
export function createDeliveryDispatcher(temporal: Client, config: Config) {
  const lanes = new Map<string, Lane>();
  const lastSent = new Map<string, number>();

  function send(endpointId: string, head: number) {
    return temporal.workflow.signalWithStart('webhookDeliveryWorkflow', {
      workflowId: webhookDeliveryWorkflowId(endpointId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [deliveryInput(config, endpointId)],
      signal: webhookStreamSignal,
      signalArgs: [{ head }],
    });
  }

  async function drain(endpointId: string, lane: Lane) {
    while (lane.waiting.length > 0) {
      const wait = (lastSent.get(endpointId) ?? 0) + SIGNAL_SPACING_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (lastSent.size > 10_000) lastSent.clear();
      lastSent.set(endpointId, Date.now());
      const { head, waiting } = lane;
      lane.waiting = [];
      try {
        await send(endpointId, head);
        for (const w of waiting) w.resolve();
      } catch (error) {
        for (const w of waiting) w.reject(error);
      }
    }
    lanes.delete(endpointId);
  }

  /** Resolves once Temporal has a head at or past `head`: a recorder's caller may finish only after that. */
  return function dispatch(endpointId: string, head: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const lane = lanes.get(endpointId);
      if (lane) {
        lane.head = Math.max(lane.head, head);
        lane.waiting.push({ resolve, reject });
        return;
      }
      const opened: Lane = { head, waiting: [{ resolve, reject }] };
      lanes.set(endpointId, opened);
      void drain(endpointId, opened);
    });
  };
}

export type DeliveryDispatcher = ReturnType<typeof createDeliveryDispatcher>;

/** The endpoints that take deliveries now (enabled by the admin, not disabled by delivery), briefly cached. */
function createEndpointDirectory(models: Models) {
  let cached: { at: number; endpoints: Promise<{ _id: string; eventTypes: string[] }[]> } | undefined;
  async function load() {
    const [endpoints, disabled] = await Promise.all([
      models.WebhookEndpoint.find({ enabled: true }, { eventTypes: 1 }).lean(),
      models.WebhookEndpointHealth.find({ state: 'disabled' }, { _id: 1 }).lean(),
    ]);
    const off = new Set(disabled.map((h) => h._id));
    return endpoints.filter((e) => !off.has(e._id)).map((e) => ({ _id: e._id as string, eventTypes: (e.eventTypes ?? []) as string[] }));
  }
  return function current() {
    if (!cached || Date.now() - cached.at > ENDPOINTS_TTL_MS) {
      const endpoints = load();
      cached = { at: Date.now(), endpoints };
      endpoints.catch(() => (cached = undefined));
    }
    return cached.endpoints;
  };
}

/**
 * Records business facts as events, once per effect, each with the next sequence number of its
 * organization's stream, then hands them to the delivery workflows of the endpoints that want them.
 * Called inside the activity that makes the effect, after it, on every attempt: a crash between the effect
 * and its event is retried by Temporal, and the retry finds the effect done and records the event.
 */
export function createEventRecorder({ models, config, temporal }: { models: Models; config: Config; temporal?: Client }) {
  /** The last sequence this process saw per stream: usually exact, so recording is one insert. */
  const heads = new Map<string, number>();
  const endpoints = createEndpointDirectory(models);
  const dispatch = temporal ? createDeliveryDispatcher(temporal, config) : undefined;
  const append = createDeliveryStreamAppender(models);

  /** The stream's last sequence; this process's own hint is trusted on a first attempt (a collision walks on). */
  async function head(stream: string, trustHint: boolean): Promise<number> {
    const hinted = heads.get(stream);
    if (trustHint && hinted !== undefined) return hinted;
    let sequence = hinted ?? (await models.EventHead.findById(stream).lean())?.sequence ?? 0;
    while (await models.Event.exists({ _id: eventPosition(stream, sequence + 1) })) sequence++;
    return sequence;
  }

  /**
   * One insert at a time per stream in this process: writers of one process never race each other for a
   * sequence number (a burst of one organization's events would otherwise collide on every position); other
   * processes still may, and the unique `_id` settles that.
   */
  const tails = new Map<string, Promise<unknown>>();
  function insert(stream: string, events: NewEvent[]): Promise<EventRecord[]> {
    const previous = tails.get(stream) ?? Promise.resolve();
    const inserted = previous.catch(() => undefined).then(() => insertInOrder(stream, events));
    tails.set(stream, inserted);
    void inserted
      .finally(() => {
        if (tails.get(stream) === inserted) tails.delete(stream);
      })
      .catch(() => undefined);
    return inserted;
  }

  const toRecord = (stream: string, sequence: number, event: NewEvent) => ({
    _id: eventPosition(stream, sequence),
    id: eventIdFor(event.key),
    key: event.key,
    type: event.type,
    orgId: event.orgId,
    stream,
    sequence,
    data: event.data,
    createdAt: event.at ?? new Date(),
  });

  /**
   * Facts of one effect (a credit that also pays its order) go in one insert at the positions after the head
   * this process knows. Any collision (another writer took a position, or a retry finds them recorded) is
   * sorted out one event at a time, as a single event is.
   */
  async function insertInOrder(stream: string, events: NewEvent[]): Promise<EventRecord[]> {
    if (events.length > 1) {
      const hinted = await head(stream, true);
      const records = events.map((event, i) => toRecord(stream, hinted + 1 + i, event));
      try {
        await models.Event.insertMany(records, { ordered: true });
        await advanceHead(stream, hinted, hinted + records.length);
        return records as EventRecord[];
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    const recorded: EventRecord[] = [];
    for (const event of events) recorded.push(await insertNext(stream, event));
    return recorded;
  }

  async function advanceHead(stream: string, from: number, to: number) {
    if (heads.size > 100_000) heads.clear();
    heads.set(stream, to);
    // Only a hint for other processes' walks to the head, hence not on every event (updates are slow on FerretDB):
    // written as the stream passes each multiple of HINT_EVERY, so a walk never covers more, and a stream still
    // shorter than that (an organization's first month-end) costs no update at all.
    if (Math.floor(to / HINT_EVERY) > Math.floor(from / HINT_EVERY)) {
      await models.EventHead.updateOne({ _id: stream }, { $set: { sequence: to } }, { upsert: true }).catch(() => undefined);
    }
  }

  async function insertNext(stream: string, event: NewEvent): Promise<EventRecord> {
    const id = eventIdFor(event.key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const sequence = (await head(stream, attempt === 0)) + 1;
      const record = toRecord(stream, sequence, event);
      try {
        await insertGrouped(models.Event, record);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another event took this position (go again from the new head), or this effect's event exists.
        if (await models.Event.exists({ _id: record._id })) {
          heads.set(stream, sequence);
          continue;
        }
        const recorded = await models.Event.findOne({ id }).lean<EventRecord>();
        if (recorded) return recorded;
        continue;
      }
      await advanceHead(stream, sequence - 1, sequence);
      return record as EventRecord;
    }
    throw new Error(`could not record ${event.key} in stream ${stream} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Tells the endpoints that want any of the events how far the stream now goes. */
  async function tellEndpoints(to: { id: string; eventTypes: string[] }[], events: Pick<EventRecord, 'type'>[], head: number) {
    if (!dispatch) return;
    const told = to.filter((endpoint) => events.some((e) => endpointWants(endpoint.eventTypes, e.type)));
    await Promise.all(told.map((endpoint) => dispatch(endpoint.id, head)));
  }

  /**
   * Puts events on the delivery stream when an endpoint takes deliveries of their types, and tells those
   * endpoints' workflows how far the stream now goes. Without a Temporal client there is nobody to tell.
   */
  async function deliver(events: EventRecord[]): Promise<void> {
    if (!dispatch) return;
    const takers = (await endpoints()).map((endpoint) => ({ id: endpoint._id, eventTypes: endpoint.eventTypes }));
    const wanted = events.filter((e) => takers.some((endpoint) => endpointWants(endpoint.eventTypes, e.type)));
    if (!wanted.length) return;
    const head = await append(wanted.map((e) => ({ position: e._id, eventId: e.id, type: e.type, event: e })));
    await tellEndpoints(takers, wanted, head);
  }

  /**
   * The admin's redelivery: the events go on the stream again (same ids), for one endpoint or for every
   * endpoint that wants them, and those endpoints are told. Answers the (event, endpoint) deliveries asked.
   */
  async function redeliver(
    events: Pick<EventRecord, '_id' | 'id' | 'type'>[],
    to: { id: string; eventTypes: string[] }[],
    only?: string,
  ): Promise<number> {
    if (dispatch && events.length) {
      let head = 0;
      for (let i = 0; i < events.length; i += REDELIVERY_CHUNK) {
        const chunk = events.slice(i, i + REDELIVERY_CHUNK);
        head = await append(chunk.map((e) => ({ position: e._id, eventId: e.id, type: e.type, ...(only ? { endpointIds: [only] } : {}) })));
      }
      await tellEndpoints(to, events, head);
    }
    return to.reduce((sum, endpoint) => sum + events.filter((e) => endpointWants(endpoint.eventTypes, e.type)).length, 0);
  }

  /**
   * Records the facts of one effect, in order; nothing to record (`undefined`) where a builder found the fact
   * is not an event (a payment still pending). Facts of one organization share one insert.
   */
  async function recordEvents(facts: (NewEvent | undefined)[]): Promise<EventRecord[]> {
    const events = facts.filter((e): e is NewEvent => e !== undefined);
    const recorded: EventRecord[] = [];
    const byStream = new Map<string, NewEvent[]>();
    for (const event of events) {
      const stream = event.orgId ?? PLATFORM_STREAM;
      byStream.set(stream, [...(byStream.get(stream) ?? []), event]);
    }
    for (const [stream, ofStream] of byStream) recorded.push(...(await insert(stream, ofStream)));
    // Also for an event found already recorded: its first recording may have crashed before handing it on.
    if (recorded.length) await deliver(recorded);
    return recorded;
  }

  async function recordEvent(event: NewEvent | undefined): Promise<EventRecord | undefined> {
    return (await recordEvents([event]))[0];
  }

  /** Where the delivery stream ends now: a new endpoint takes what comes after. */
  const streamHead = () => deliveryStreamHead(models);

  return { recordEvent, recordEvents, redeliver, streamHead };
}

export type EventRecorder = ReturnType<typeof createEventRecorder>;
export type RecordEvent = EventRecorder['recordEvent'];
export type RecordEvents = EventRecorder['recordEvents'];
