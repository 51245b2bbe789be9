/**
 * A collection attempt, the same sequence whichever attempt it is: make the attempt and, when it pays, issue
 * the final invoice, then write the payment and the invoice link on the cycle in one update. The month-end
 * step (chargeCycle) runs the close first, in the same activity: at the busiest moment, when every
 * organization's cycle ends at once, that saves Temporal round trips, and what was read once is not read
 * again. Each part is idempotent on its own, so a retry after a crash anywhere redoes nothing: the closed
 * cycle is found frozen, the attempt repeats with the same number (so the same ledger key or provider key,
 * and an earlier payment is found), the invoice is found by its business key.
 */
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey } from '../domain/billing-cycle';
import { FailureType } from '../domain/errors';
import type { BillingCycleRecord } from '../models/billing-cycle';
import { updateGroupedById } from '../models/group-write';
import type { BillingProfile, OpenCycle } from '../workflows/definitions';
import type { CloseCycleInput, ClosedCycle, createBillingCycleActivities } from './billing-cycles';
import type { ActivityContext } from './context';
import type { CollectionResult, createCycleCollectionActivities } from './cycle-collection';
import type { createFinalInvoiceActivities, IssuedInvoice, PaidWith } from './final-invoice';
import { requireOrganization, type OrgDoc } from './organization';

/** An attempt's answer; a paid one carries its final invoice. */
export interface AttemptResult extends CollectionResult {
  invoice?: IssuedInvoice;
}

export interface ChargedCycle {
  closed: ClosedCycle;
  next?: OpenCycle;
  profile: BillingProfile;
  /** The first attempt, when the cycle was billed (not skipped). */
  collection?: AttemptResult;
}

export function createChargeCycleActivities(
  { models }: Pick<ActivityContext, 'models'>,
  { close }: Pick<ReturnType<typeof createBillingCycleActivities>, 'close'>,
  { collect }: Pick<ReturnType<typeof createCycleCollectionActivities>, 'collect'>,
  { issueInvoice }: Pick<ReturnType<typeof createFinalInvoiceActivities>, 'issueInvoice'>,
) {
  async function attempt(doc: BillingCycleRecord, org: OrgDoc, n: number, at: string): Promise<AttemptResult> {
    const { result, paid } = await collect(doc, org, n, at);
    if (result.outcome !== 'paid') return result;
    const paidAt = paid?.paidAt ?? doc.paidAt!;
    const invoice = await issueInvoice(doc, org, paidAt, (paid?.paidWith ?? doc.paidWith ?? 'none') as PaidWith);
    if (paid || doc.invoiceId !== invoice.invoiceId) {
      await updateGroupedById(models.BillingCycle, doc._id, {
        $set: { ...paid, invoiceId: invoice.invoiceId, invoiceNumber: invoice.number },
        $unset: { unpaidReason: 1 },
      });
    }
    return { ...result, invoice };
  }

  /** Month-end: close the cycle (its bill frozen, the next cycle opened), then its first attempt. */
  async function chargeCycle(input: CloseCycleInput): Promise<ChargedCycle> {
    const { doc, org, ...closing } = await close(input);
    if (closing.closed.state !== 'due') return closing;
    return { ...closing, collection: await attempt(doc, org, 1, input.closedAt) };
  }

  /** A later attempt on an unpaid cycle (dunning, a credit, a new method, ops). */
  async function collectCycle(input: { orgId: string; cycleId: string; attempt: number; at: string }): Promise<AttemptResult> {
    const _id = billingCycleKey(input.orgId, input.cycleId);
    const [doc, org] = await Promise.all([
      models.BillingCycle.findById(_id).lean<BillingCycleRecord>(),
      requireOrganization(models, input.orgId),
    ]);
    if (!doc) throw ApplicationFailure.nonRetryable(`billing cycle ${_id} not found`, FailureType.NotFound);
    return attempt(doc, org, input.attempt, input.at);
  }

  return { chargeCycle, collectCycle };
}
