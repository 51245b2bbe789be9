/**
 * A disputed payment's record (models/dispute.ts), written only by its dispute workflow: opened, then won or
 * lost with what the loss did to the debt.
 */
import { billingCycleKey } from '../domain/billing-cycle';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { DisputeRecord } from '../models/dispute';
import type { DisputeInput } from '../workflows/credit-note-definitions';
import type { Models } from '../models';
import type { ActivityContext } from './context';
import { disputeEvent } from './event-payloads';

/** A dispute as the API and its events show it. */
export const disputeView = (d: DisputeRecord) => ({
  disputeId: d._id,
  invoiceNumber: d.invoiceNumber,
  amountMinor: d.amountMinor,
  currency: d.currency,
  status: d.status,
  ...(d.outcome ? { outcome: d.outcome } : {}),
  openedAt: d.openedAt.toISOString(),
});

/** An open dispute, or a lost one, shows its invoice as disputed (the invoice itself is never rewritten). */
export const DISPUTED: DisputeRecord['status'][] = ['open', 'lost'];

/** Which of an organization's invoices are disputed, for the views that show their status. */
export async function disputedInvoices(models: Models, orgId: string, invoiceNumbers: string[]): Promise<Set<string>> {
  if (invoiceNumbers.length === 0) return new Set();
  const disputes = await models.Dispute.find(
    { orgId, invoiceNumber: { $in: invoiceNumbers }, status: { $in: DISPUTED } },
    { invoiceNumber: 1 },
  ).lean();
  return new Set(disputes.map((d) => d.invoiceNumber));
}

export function createDisputeActivities({ models, recordEvent }: ActivityContext) {
  async function recordDispute(input: {
    dispute: Omit<DisputeInput, 'whenLost'>;
    status: DisputeRecord['status'];
    outcome?: DisputeRecord['outcome'];
  }): Promise<void> {
    const { dispute, status, outcome } = input;
    const now = new Date();
    await models.Dispute.updateOne(
      { _id: dispute.disputeId },
      {
        $setOnInsert: {
          provider: dispute.provider,
          orgId: dispute.orgId,
          invoiceNumber: dispute.invoiceNumber,
          cycleId: dispute.cycleId,
          paymentRef: dispute.paymentRef,
          amountMinor: dispute.amountMinor,
          currency: dispute.currency,
          reason: dispute.reason,
          openedAt: now,
          // Opening never overwrites a verdict (a dispute's workflow started again past Temporal's retention).
          ...(status === 'open' ? { status } : {}),
        },
        ...(status === 'open' ? {} : { $set: { status, closedAt: now, ...(outcome ? { outcome } : {}) } }),
      },
      { upsert: true },
    );
    const recorded = (await models.Dispute.findById(dispute.disputeId).lean<DisputeRecord>())!;
    await recordEvent(disputeEvent(recorded.orgId, disputeView(recorded)));
  }

  /**
   * A lost dispute took the cycle's payment back: the cycle is due again (for the billing workflow to collect,
   * with dunning), and the charged-back payment no longer counts as paying it. Answers the debt, or nothing
   * when the cycle is not paid (already reopened, written off).
   */
  async function reopenDisputedCycle(input: { orgId: string; cycleId: string; disputeId: string }) {
    const _id = billingCycleKey(input.orgId, input.cycleId);
    const dispute = await models.Dispute.findById(input.disputeId).lean<DisputeRecord>();
    const cycle = await models.BillingCycle.findById(_id).lean<BillingCycleRecord>();
    if (!cycle || !dispute) return undefined;
    if (cycle.state === 'paid') {
      await models.BillingCycle.updateOne(
        { _id },
        {
          $set: { state: 'due', unpaidReason: 'declined', chargedBack: [...(cycle.chargedBack ?? []), dispute.paymentRef] },
          $unset: { paidAt: 1, paidWith: 1 },
        },
      );
    } else if (cycle.state !== 'due') return undefined;
    return { cycleId: cycle.cycleId, totalMinor: cycle.totalMinor ?? 0, currency: cycle.currency, attempts: cycle.attempts?.length ?? 0 };
  }

  return { recordDispute, reopenDisputedCycle };
}
