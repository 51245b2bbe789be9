import type { InvoiceSeries } from '../domain/invoice-number';
import { formatInvoiceNumber } from '../domain/invoice-number';
import type { Models } from '../models';
import type { InvoiceRecord } from '../models/invoice';

export type { InvoiceRecord };
/** Everything but the number; `complete` adds what depends on it (the payment reference, the PDF). */
export type InvoiceDraft = Omit<InvoiceRecord, '_id' | 'sequence' | 'number' | 'year' | 'pdf'>;

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
const MAX_ATTEMPTS = 1000;
const HINT_EVERY = 16;

/**
 * Numbers are gapless and unique per series and year, without transactions: an invoice takes number n by
 * being inserted with `_id` = its number, and only after number n-1 was seen to exist. A duplicate `_id`
 * means another writer took n (try n+1); a duplicate `key` means this invoice was issued before (return
 * it). A crash leaves either the whole invoice or nothing, so no number is ever lost or used twice.
 * Writers in one process queue per series and year; only writers in different processes ever race.
 */
export function createInvoiceNumbering(models: Models) {
  const queues = new Map<string, Promise<unknown>>();
  const lastTaken = new Map<string, number>();

  async function lastNumber(series: InvoiceSeries, year: number, counterId: string): Promise<number> {
    // A number this process took (or saw taken) exists: try the next one straight away, and let a duplicate
    // `_id` say whether another process took it (claim then moves on). At a month end, when every cycle's
    // invoice queues here, this saves a read per invoice.
    const known = lastTaken.get(counterId);
    if (known !== undefined) return known;
    let seq = (await models.InvoiceCounter.findById(counterId).lean())?.seq ?? 0;
    // The hint may lag (another process, a hint refreshed only now and then): walk forward to the real last number.
    while (await models.Invoice.exists({ _id: formatInvoiceNumber(series, year, seq + 1) })) seq += 1;
    return seq;
  }

  async function claim(
    series: InvoiceSeries,
    year: number,
    draft: InvoiceDraft,
    complete: (sequence: number) => Partial<InvoiceRecord> | Promise<Partial<InvoiceRecord>>,
  ): Promise<InvoiceRecord> {
    const counterId = `${series}-${year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const sequence = (await lastNumber(series, year, counterId)) + 1;
      const number = formatInvoiceNumber(series, year, sequence);
      const invoice: InvoiceRecord = { ...draft, ...(await complete(sequence)), _id: number, number, series, year, sequence };
      try {
        await models.Invoice.create(invoice);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (await models.Invoice.exists({ _id: number })) {
          lastTaken.set(counterId, sequence);
          continue;
        }
        const existing = await models.Invoice.findOne({ key: draft.key }).lean<InvoiceRecord>();
        if (existing) return existing;
        continue;
      }
      lastTaken.set(counterId, sequence);
      // The stored hint only shortens a new process's walk to the last number; refreshing it on every
      // sixteenth invoice bounds that walk without an update (FerretDB's slowest operation) per invoice.
      if (sequence % HINT_EVERY === 1) {
        await models.InvoiceCounter.updateOne({ _id: counterId }, { $set: { seq: sequence } }, { upsert: true }).catch(() => undefined);
      }
      return invoice;
    }
    throw new Error(`could not take a ${series} number for ${year} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Issues the invoice for `draft.key`, taking the next number of its series and year exactly once. */
  return function issueNumberedInvoice(
    series: InvoiceSeries,
    year: number,
    draft: InvoiceDraft,
    complete: (sequence: number) => Partial<InvoiceRecord> | Promise<Partial<InvoiceRecord>> = () => ({}),
  ): Promise<InvoiceRecord> {
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

export type IssueNumberedInvoice = ReturnType<typeof createInvoiceNumbering>;
