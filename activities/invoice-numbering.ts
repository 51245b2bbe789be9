import type { DocumentSeries, InvoiceSeries } from '../domain/invoice-number';
import { formatInvoiceNumber } from '../domain/invoice-number';
import type { Models } from '../models';
import type { CreditNoteRecord } from '../models/credit-note';
import type { InvoiceRecord } from '../models/invoice';
import { isDuplicateKey } from '../models/duplicate-key';

export type { InvoiceRecord };
/** Everything but the number; `complete` adds what depends on it (the payment reference, the PDF). */
export type InvoiceDraft = Omit<InvoiceRecord, '_id' | 'sequence' | 'number' | 'year' | 'pdf'>;
export type CreditNoteDraft = Omit<CreditNoteRecord, '_id' | 'sequence' | 'number' | 'year'>;

interface NumberedRecord {
  _id: string;
  key: string;
  number: string;
  series: DocumentSeries;
  year: number;
  sequence: number;
}

/** The collection a series' documents live in, `_id` = their number (invoices, credit notes). */
interface NumberedCollection {
  create(document: object): Promise<unknown>;
  insertMany(documents: object[], options: { ordered: true }): Promise<unknown>;
  exists(filter: { _id: string }): PromiseLike<unknown>;
  findOne(filter: { key: string }): { lean<T>(): PromiseLike<T | null> };
}

const MAX_ATTEMPTS = 1000;
const HINT_EVERY = 16;
/** Documents numbered in one insert at most. */
const MAX_BATCH = 100;

interface Claim<R, D> {
  draft: D;
  complete: (sequence: number) => Partial<R> | Promise<Partial<R>>;
  resolve: (record: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Numbers are gapless and unique per series and year, without transactions: an invoice takes number n by
 * being inserted with `_id` = its number, and only after number n-1 was seen to exist. A duplicate `_id`
 * means another writer took n (try n+1); a duplicate `key` means this invoice was issued before (return
 * it). A crash leaves either the whole invoice or nothing, so no number is ever lost or used twice.
 *
 * Writers in one process queue per series and year; only writers in different processes ever race. The
 * invoices that queued while the previous insert was on its way (a month end) take the next numbers in one
 * ordered insert: it stores a prefix of them, in number order, whatever happens, so numbers stay gapless.
 * Should it fail, each of them is claimed again alone, which finds the ones it stored by their keys.
 */
function createNumbering<R extends NumberedRecord, D extends { key: string }>(
  documents: NumberedCollection,
  counters: Models['InvoiceCounter'],
) {
  const queues = new Map<string, Claim<R, D>[]>();
  const lastTaken = new Map<string, number>();

  async function lastNumber(series: DocumentSeries, year: number, counterId: string): Promise<number> {
    // A number this process took (or saw taken) exists: try the next one straight away, and let a duplicate
    // `_id` say whether another process took it (claim then moves on). At a month end, when every cycle's
    // invoice queues here, this saves a read per invoice.
    const known = lastTaken.get(counterId);
    if (known !== undefined) return known;
    let seq = (await counters.findById(counterId).lean())?.seq ?? 0;
    // The hint may lag (another process, a hint refreshed only now and then): walk forward to the real last number.
    while (await documents.exists({ _id: formatInvoiceNumber(series, year, seq + 1) })) seq += 1;
    return seq;
  }

  async function numbered(series: DocumentSeries, year: number, { draft, complete }: Claim<R, D>, sequence: number): Promise<R> {
    const number = formatInvoiceNumber(series, year, sequence);
    return { ...draft, ...(await complete(sequence)), _id: number, number, series, year, sequence } as unknown as R;
  }

  /** The stored hint only shortens a new process's walk to the last number: refreshed when a multiple of HINT_EVERY is passed. */
  async function taken(counterId: string, from: number, to: number): Promise<void> {
    lastTaken.set(counterId, to);
    if (Math.floor((to - 1) / HINT_EVERY) > Math.floor((from - 1) / HINT_EVERY)) {
      await counters.updateOne({ _id: counterId }, { $set: { seq: to } }, { upsert: true }).catch(() => undefined);
    }
  }

  async function claim(series: DocumentSeries, year: number, request: Claim<R, D>): Promise<R> {
    const counterId = `${series}-${year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const last = await lastNumber(series, year, counterId);
      const invoice = await numbered(series, year, request, last + 1);
      try {
        await documents.create(invoice);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (await documents.exists({ _id: invoice._id })) {
          lastTaken.set(counterId, last + 1);
          continue;
        }
        const existing = await documents.findOne({ key: request.draft.key }).lean<R>();
        if (existing) return existing;
        continue;
      }
      await taken(counterId, last, last + 1);
      return invoice;
    }
    throw new Error(`could not take a ${series} number for ${year} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Several waiting claims in one ordered insert; undefined when it did not store them all (claim each alone). */
  async function claimTogether(series: DocumentSeries, year: number, batch: Claim<R, D>[]): Promise<R[] | undefined> {
    const counterId = `${series}-${year}`;
    const last = await lastNumber(series, year, counterId);
    const invoices: R[] = [];
    for (const [i, request] of batch.entries()) invoices.push(await numbered(series, year, request, last + 1 + i));
    try {
      await documents.insertMany(invoices, { ordered: true });
    } catch {
      lastTaken.delete(counterId); // what the insert stored is found again by the walk
      return undefined;
    }
    await taken(counterId, last, last + batch.length);
    return invoices;
  }

  async function drain(series: DocumentSeries, year: number, queueKey: string, queue: Claim<R, D>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      const together = batch.length > 1 ? await claimTogether(series, year, batch).catch(() => undefined) : undefined;
      if (together) {
        for (const [i, request] of batch.entries()) request.resolve(together[i]);
        continue;
      }
      for (const request of batch) await claim(series, year, request).then(request.resolve, request.reject);
    }
    queues.delete(queueKey);
  }

  /** Issues the document for `draft.key`, taking the next number of its series and year exactly once. */
  return function issueNumbered(
    series: DocumentSeries,
    year: number,
    draft: D,
    complete: (sequence: number) => Partial<R> | Promise<Partial<R>> = () => ({}),
  ): Promise<R> {
    const queueKey = `${series}-${year}`;
    return new Promise<R>((resolve, reject) => {
      const queue = queues.get(queueKey);
      if (queue) {
        queue.push({ draft, complete, resolve, reject });
        return;
      }
      const started = [{ draft, complete, resolve, reject }];
      queues.set(queueKey, started);
      void drain(series, year, queueKey, started);
    });
  };
}

export function createInvoiceNumbering(models: Models) {
  const issue = createNumbering<InvoiceRecord, InvoiceDraft>(models.Invoice, models.InvoiceCounter);
  return (series: InvoiceSeries, year: number, draft: InvoiceDraft, complete?: (sequence: number) => Partial<InvoiceRecord>) =>
    issue(series, year, draft, complete);
}

/** Credit notes: their own gapless series per year (CN-2026-000001), taken exactly as invoice numbers are. */
export function createCreditNoteNumbering(models: Models) {
  const issue = createNumbering<CreditNoteRecord, Partial<CreditNoteDraft> & { key: string }>(models.CreditNote, models.InvoiceCounter);
  return (
    year: number,
    draft: Partial<CreditNoteDraft> & { key: string },
    complete: (sequence: number) => Promise<Partial<CreditNoteRecord>>,
  ) => issue('credit_note', year, draft, complete);
}

export type IssueNumberedInvoice = ReturnType<typeof createInvoiceNumbering>;
export type IssueNumberedCreditNote = ReturnType<typeof createCreditNoteNumbering>;
