/**
 * The month-end step as one activity: close the cycle (its bill frozen, the next cycle opened), make the
 * first collection attempt and, when it pays, issue the final invoice. One activity rather than three cuts
 * the Temporal round trips of the busiest moment, when every organization's cycle ends at once, and what
 * was read once is not read again. Each part is idempotent on its own, so a retry after a crash anywhere
 * redoes nothing: the closed cycle is found frozen, the attempt repeats with the same number (so the same
 * ledger key or provider key, and an earlier payment is found), the invoice is found by its business key.
 * The payment and the invoice link are then written to the cycle in one update.
 */
import type { CloseCycleInput, ClosedCycle, createBillingCycleActivities } from './billing-cycles';
import type { CollectionResult, createCycleCollectionActivities } from './cycle-collection';
import type { createFinalInvoiceActivities, IssuedInvoice, PaidWith } from './final-invoice';
import type { ActivityContext } from './context';
import type { BillingProfile, OpenCycle } from '../workflows/definitions';

export interface ChargedCycle {
  closed: ClosedCycle;
  next?: OpenCycle;
  profile: BillingProfile;
  /** The first attempt, when the cycle was billed (not skipped). */
  collection?: CollectionResult;
  /** Issued when that attempt paid. */
  invoice?: IssuedInvoice;
}

export function createChargeCycleActivity(
  { models }: Pick<ActivityContext, 'models'>,
  { close }: Pick<ReturnType<typeof createBillingCycleActivities>, 'close'>,
  { collect }: Pick<ReturnType<typeof createCycleCollectionActivities>, 'collect'>,
  { issueInvoice }: Pick<ReturnType<typeof createFinalInvoiceActivities>, 'issueInvoice'>,
) {
  async function chargeCycle(input: CloseCycleInput): Promise<ChargedCycle> {
    const { doc, org, ...closing } = await close(input);
    if (closing.closed.state !== 'due') return closing;
    const { result, paid } = await collect(doc, org, 1, input.closedAt, { deferPaid: true });
    if (result.outcome !== 'paid') return { ...closing, collection: result };
    const paidAt = paid?.paidAt ?? doc.paidAt!;
    const invoice = await issueInvoice(doc, org, paidAt, (paid?.paidWith ?? doc.paidWith ?? 'none') as PaidWith);
    if (paid || doc.invoiceId !== invoice.invoiceId) {
      await models.BillingCycle.updateOne(
        { _id: doc._id },
        { $set: { ...paid, invoiceId: invoice.invoiceId, invoiceNumber: invoice.number }, $unset: { unpaidReason: 1 } },
      );
    }
    return { ...closing, collection: result, invoice };
  }
  return { chargeCycle };
}
