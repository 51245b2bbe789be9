/**
 * A disputed payment's record (models/dispute.ts), written only by its dispute workflow: opened, then won or
 * lost with what the loss did to the debt.
 */
import type { DisputeRecord } from '../models/dispute';
import type { DisputeInput } from '../workflows/credit-note-definitions';
import type { ActivityContext } from './context';

export function createDisputeActivities({ models }: ActivityContext) {
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
        },
        $set: { status, ...(status === 'open' ? {} : { closedAt: now }), ...(outcome ? { outcome } : {}) },
      },
      { upsert: true },
    );
  }

  return { recordDispute };
}
