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
  exists(filter: { _id: string }): PromiseLike<unknown>;
  findOne(filter: { key: string }): { lean<T>(): PromiseLike<T | null> };
}

const MAX_ATTEMPTS = 1000;
const HINT_EVERY = 16;

/**
 * Numbers are gapless and unique per series and year, without transactions: an invoice takes number n by
 * being inserted with `_id` = its number, and only after number n-1 was seen to exist. A duplicate `_id`
 * means another writer took n (try n+1); a duplicate `key` means this invoice was issued before (return
 * it). A crash leaves either the whole invoice or nothing, so no number is ever lost or used twice.
 * Writers in one process queue per series and year; only writers in different processes ever race.
 */
function createNumbering<R extends NumberedRecord, D extends { key: string }>(
  documents: NumberedCollection,
  counters: Models['InvoiceCounter'],
) {
  const queues = new Map<string, Promise<unknown>>();
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

  async function claim(
    series: DocumentSeries,
    year: number,
    draft: D,
    complete: (sequence: number) => Partial<R> | Promise<Partial<R>>,
  ): Promise<R> {
    const counterId = `${series}-${year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const sequence = (await lastNumber(series, year, counterId)) + 1;
      const number = formatInvoiceNumber(series, year, sequence);
      const invoice = { ...draft, ...(await complete(sequence)), _id: number, number, series, year, sequence } as unknown as R;
      try {
        await documents.create(invoice);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (await documents.exists({ _id: number })) {
          lastTaken.set(counterId, sequence);
          continue;
        }
        const existing = await documents.findOne({ key: draft.key }).lean<R>();
        if (existing) return existing;
        continue;
      }
      lastTaken.set(counterId, sequence);
      // The stored hint only shortens a new process's walk to the last number; refreshing it on every
      // sixteenth invoice bounds that walk without an update (FerretDB's slowest operation) per invoice.
      if (sequence % HINT_EVERY === 1) {
        await counters.updateOne({ _id: counterId }, { $set: { seq: sequence } }, { upsert: true }).catch(() => undefined);
      }
      return invoice;
    }
    throw new Error(`could not take a ${series} number for ${year} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Issues the document for `draft.key`, taking the next number of its series and year exactly once. */
  return function issueNumbered(
    series: DocumentSeries,
    year: number,
    draft: D,
    complete: (sequence: number) => Partial<R> | Promise<Partial<R>> = () => ({}),
  ): Promise<R> {
    const queueKey = `${series}-${year}`;
    const result = (queues.get(queueKey) ?? Promise.resolve()).then(() => claim(series, year, draft, complete));
    const tail = result.catch(() => undefined);
    queues.set(queueKey, tail);
    void tail.then(() => {
      if (queues.get(queueKey) === tail) queues.delete(queueKey);
    });
    return result;
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
