import type { InvoiceSeries } from '../domain/invoice-number';
import { formatInvoiceNumber } from '../domain/invoice-number';
import type { InvoiceRecord } from '../models/invoice';
import type { Models } from '../models';

export type { InvoiceRecord };
/** Everything but the number; `complete` adds what depends on it (the payment reference). */
export type InvoiceDraft = Omit<InvoiceRecord, 'sequence' | 'number' | 'year' | 'pdf'>;

const MAX_ATTEMPTS = 200;

/**
 * Numbers are gapless and unique per series and year, with no transaction:
 *  1. The counter document is advanced by compare-and-set on `seq`, and in the same single-document update
 *     it records the whole invoice that took the number (`pending`).
 *  2. The taker then inserts that invoice. If it dies in between, whoever next reads the counter inserts
 *     `pending` for it, and a retry of the taker finds its invoice already there. No number is lost.
 * Writers in one process queue on a promise chain, so compare-and-set only races across processes.
 */
export function createInvoiceNumbering(models: Models) {
  const queues = new Map<string, Promise<unknown>>();
  /** The last `pending` this process inserted itself: no need to re-insert it on the next claim. */
  const insertedPending = new Map<string, string>();

  async function insertIfMissing(invoice: InvoiceRecord): Promise<void> {
    try {
      await models.Invoice.updateOne({ _id: invoice._id }, { $setOnInsert: invoice }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // a concurrent repair inserted it first
    }
  }

  async function claim(
    series: InvoiceSeries,
    year: number,
    draft: InvoiceDraft,
    complete: (sequence: number) => Partial<InvoiceRecord>,
  ): Promise<InvoiceRecord> {
    const counterId = `${series}-${year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await models.Invoice.findById(draft._id).lean<InvoiceRecord>();
      if (existing) return existing;

      const counter = (await models.InvoiceCounter.findOneAndUpdate(
        { _id: counterId },
        { $setOnInsert: { seq: 0 } },
        { upsert: true, new: true },
      ).lean()) as { seq: number; pending?: InvoiceRecord };
      if (counter.pending && insertedPending.get(counterId) !== counter.pending._id) {
        await insertIfMissing(counter.pending);
        if (counter.pending._id === draft._id) return counter.pending;
      }

      const sequence = counter.seq + 1;
      const invoice: InvoiceRecord = {
        ...draft,
        series,
        year,
        sequence,
        number: formatInvoiceNumber(series, year, sequence),
        ...complete(sequence),
      };
      const taken = await models.InvoiceCounter.updateOne(
        { _id: counterId, seq: counter.seq },
        { $set: { seq: sequence, pending: invoice } },
      );
      if (taken.modifiedCount === 1) {
        await insertIfMissing(invoice);
        insertedPending.set(counterId, invoice._id);
        return invoice;
      }
    }
    throw new Error(`could not take a ${series} number for ${year} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Issues the invoice under its id, taking the next number of its series and year exactly once. */
  return function issueNumberedInvoice(
    series: InvoiceSeries,
    year: number,
    draft: InvoiceDraft,
    complete: (sequence: number) => Partial<InvoiceRecord> = () => ({}),
  ): Promise<InvoiceRecord> {
    const key = `${series}-${year}`;
    const result = (queues.get(key) ?? Promise.resolve()).then(() => claim(series, year, draft, complete));
    const tail = result.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return result;
  };
}

export type IssueNumberedInvoice = ReturnType<typeof createInvoiceNumbering>;
