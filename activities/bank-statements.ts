import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';
import { topUpStateAfterCredits, type TopUpState } from '../domain/top-up';
import type { BankReversal } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { bankCreditReversedEvent } from './event-payloads';

/**
 * The bank took back a credit it had reported (camt RtrInf or reversal indicator, MT940 RC): a ledger
 * debit with the bank's reason (once per reversed credit), the order's received amount and state rolled
 * back, the proforma no longer paid, the customer e-mailed; ops see it as a `reversed` bank credit and in
 * the import report. Runs in the order's workflow or its late-credits workflow, the order's one writer.
 */
export function createBankStatementActivities({ models, ledger, mailer, templates, recordEvent }: ActivityContext) {
  async function reverseTopUpCredit(input: {
    orderId: string;
    reversal: BankReversal;
    /** The workflow's verdict while the order is open; a closed order's state is worked out from its record. */
    state?: TopUpState;
    at: string;
  }): Promise<{ balanceMinor: number }> {
    const order = await models.TopUpOrder.findById(input.orderId).lean();
    if (!order) throw ApplicationFailure.nonRetryable(`top-up order ${input.orderId} not found`, 'NotFound');
    const { reversal } = input;
    const credits = (order.credits ?? []) as { bankTxId: string; amountMinor: number; reversedMinor?: number | null }[];
    const credit = credits.find((c) => c.bankTxId === reversal.bankTxId);
    if (!credit) throw ApplicationFailure.nonRetryable(`order ${order._id} has no credit ${reversal.bankTxId}`, 'NotFound');
    // Never more than was credited: a bank's reversal is of that transfer, not of the balance.
    const amountMinor = Math.min(reversal.amountMinor, credit.amountMinor);
    const { balanceMinor } = await ledger.post({
      key: `bank-reversal:${reversal.bankTxId}`,
      orgId: order.orgId,
      kind: 'top_up_reversal',
      amountMinor: -amountMinor,
      currency: reversal.currency,
      description: `Bank reversal ${reversal.reversalId} of transfer ${reversal.bankTxId} for ${order.proformaNumber}: ${reversal.reason}`,
      topUpOrderId: order._id,
      bankTxId: reversal.reversalId,
      at: new Date(input.at),
    });

    const state = input.state ?? topUpStateAfterCredits(order.amountMinor, order.receivedMinor - amountMinor);
    if (!credit.reversedMinor) {
      // The order has one writer at a time (see creditTopUp): its credits are written back whole, by `_id`.
      const marked = credits.map((c) => (c === credit ? { ...c, reversedMinor: amountMinor, reversalReason: reversal.reason } : c));
      await models.TopUpOrder.updateOne(
        { _id: order._id },
        { $set: { credits: marked, receivedMinor: order.receivedMinor - amountMinor, state } },
      );
    }
    if (state !== 'paid') await models.Invoice.updateOne({ _id: order.proformaInvoiceId, status: 'paid' }, { $set: { status: 'issued' } });
    await models.BankCredit.updateOne(
      { _id: reversal.bankTxId },
      { $set: { status: 'reversed', reversedBy: reversal.reversalId, reason: reversal.reason } },
    );
    await recordEvent(bankCreditReversedEvent(order, reversal, amountMinor, balanceMinor));
    log.warn('bank credit reversed', { orderId: order._id, bankTxId: reversal.bankTxId, reversalId: reversal.reversalId, amountMinor });

    const org = await models.Organization.findById(order.orgId, { name: 1, billingEmail: 1 }).lean();
    if (org) {
      await mailer.send({
        key: `credit-reversed:${reversal.bankTxId}`,
        orgId: order.orgId,
        to: org.billingEmail,
        ...templates.creditReversed({
          organizationName: org.name,
          amount: { amountMinor, currency: reversal.currency },
          balance: { amountMinor: balanceMinor, currency: reversal.currency },
          proformaNumber: order.proformaNumber,
          paymentReference: order.paymentReference,
          reason: reversal.reason,
          state,
        }),
      });
    }
    return { balanceMinor };
  }

  return { reverseTopUpCredit };
}
