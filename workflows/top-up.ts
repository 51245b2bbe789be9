import { allHandlersFinished, condition, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { durationMs } from '../domain/duration';
import { FailureType, Refusal } from '../domain/errors';
import { OPEN_TOP_UP_STATES, topUpStateAfterCredits, type TopUpState } from '../domain/top-up';
import type { Activities } from '../activities';
import { acceptReversals } from './bank-reversals';
import { localFirst } from './local-first';
import { requireOperator } from './operator-request';
import { BILLING_TOLD_BY_THE_WORKFLOW, tellBilling } from './billing-signals';
import {
  balanceCreditedSignal,
  bankCreditSignal,
  cancelTopUpUpdate,
  markPaidByHandUpdate,
  proformaIssuedUpdate,
  resendProformaUpdate,
  searchAttributes,
  topUpStatusQuery,
  type BankCredit,
  type ManualPayment,
  type OperatorRequest,
  type Proforma,
  type TopUpInput,
  type TopUpStatus,
} from './definitions';

const REFUSALS = [FailureType.NotFound, FailureType.InvalidInput];
const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: REFUSALS },
});
const { issueTopUpProforma, sendTopUpReminder, closeTopUpOrder, resendTopUpProforma, reverseTopUpCredit } = activities;
/** A bank's batch of credits wakes many orders at once; each credit takes milliseconds (workflows/local-first.ts). */
const creditTopUp = localFirst('credit-locally-first', activities, 'creditTopUp', { startToCloseTimeout: '1 minute', refusals: REFUSALS });

/**
 * One prepaid top-up order: issue the proforma, then wait for bank credits until the amount is covered,
 * the customer cancels, or the order expires, reminding the customer on the way.
 */
export async function topUpWorkflow(input: TopUpInput): Promise<TopUpStatus> {
  let state: TopUpState = 'issuing';
  let proforma: Proforma | undefined;
  let receivedMinor = 0;
  let remindersSent = 0;
  let cancellation: OperatorRequest | undefined;
  const creditedTxIds = new Set<string>();
  const inbox: BankCredit[] = [];
  // The operator updates (markPaidByHand, resendProforma) are handlers and bookkeeping that issue no command
  // of their own, so histories recorded without them replay unchanged: no patch.
  const settledTxIds = new Set<string>();
  let proformaResends = 0;

  const status = (): TopUpStatus => ({
    orderId: input.orderId,
    orgId: input.orgId,
    state,
    amountMinor: input.amountMinor,
    receivedMinor,
    currency: input.currency,
    proforma,
    creditedTxIds: [...creditedTxIds],
    remindersSent,
    proformaResends,
  });
  const setState = (next: TopUpState) => {
    state = next;
    upsertSearchAttributes([{ key: searchAttributes.state, value: state }]);
  };

  setHandler(topUpStatusQuery, status);
  setHandler(bankCreditSignal, (credit) => void inbox.push(credit));
  const reversals = acceptReversals();
  setHandler(proformaIssuedUpdate, async () => {
    await condition(() => proforma !== undefined);
    return proforma!;
  });
  setHandler(
    cancelTopUpUpdate,
    async (request) => {
      cancellation = request;
      await condition(() => state === 'cancelled');
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a cancellation');
        if (!OPEN_TOP_UP_STATES.includes(state) || cancellation) {
          throw Refusal.conflict(`the order is ${state} and can no longer be cancelled`);
        }
        if (receivedMinor > 0 || inbox.length > 0) {
          throw Refusal.conflict('the order has received a payment and can no longer be cancelled');
        }
      },
    },
  );

  const refuseUnlessOpen = (what: string) => {
    if (!proforma) throw Refusal.conflict(`the proforma is not issued yet; ${what} later`);
    if (!OPEN_TOP_UP_STATES.includes(state) || cancellation) {
      throw Refusal.conflict(`the order is ${cancellation ? 'being cancelled' : state}; cannot ${what}`);
    }
  };
  setHandler(
    markPaidByHandUpdate,
    async (payment: ManualPayment) => {
      const today = new Date().toISOString().slice(0, 10);
      inbox.push({
        bankTxId: payment.bankTxId.trim(),
        amountMinor: payment.amountMinor,
        currency: input.currency,
        reference: proforma!.paymentReference,
        valueDate: payment.valueDate ?? today,
        byHand: { by: payment.by, reason: payment.reason },
      });
      await condition(() => settledTxIds.has(payment.bankTxId.trim()));
      return status();
    },
    {
      validator: (payment) => {
        requireOperator(payment, 'a payment recorded by hand');
        const bankTxId = payment.bankTxId?.trim();
        if (!bankTxId || bankTxId.length > 100) throw Refusal.invalidInput('bankTxId: the bank transaction id, 1 to 100 characters');
        if (!Number.isSafeInteger(payment.amountMinor) || payment.amountMinor <= 0) {
          throw Refusal.invalidInput('amountMinor: a positive whole number of minor units');
        }
        if (payment.valueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(payment.valueDate)) {
          throw Refusal.invalidInput('valueDate: a date as YYYY-MM-DD');
        }
        refuseUnlessOpen('record a payment');
        if (creditedTxIds.has(bankTxId) || inbox.some((credit) => credit.bankTxId === bankTxId)) {
          throw Refusal.conflict(`bank transaction ${bankTxId} is already credited to this order`);
        }
      },
    },
  );
  setHandler(
    resendProformaUpdate,
    async (request) => {
      proformaResends += 1;
      await resendTopUpProforma({ orderId: input.orderId, proforma: proforma!, resendNumber: proformaResends, request });
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a resend');
        refuseUnlessOpen('resend the proforma');
      },
    },
  );

  upsertSearchAttributes([
    { key: searchAttributes.orgId, value: input.orgId },
    { key: searchAttributes.state, value: state },
  ]);
  proforma = await issueTopUpProforma({ ...input, issuedAt: new Date().toISOString() });
  upsertSearchAttributes([{ key: searchAttributes.paymentReference, value: proforma.paymentReference }]);
  setState('awaiting_payment');

  const issuedAt = Date.now();
  const expiresAt = issuedAt + durationMs(input.expiry);
  const reminderTimes = input.reminders.map((delay) => issuedAt + durationMs(delay)).filter((t) => t < expiresAt);

  async function applyCredits(): Promise<void> {
    while (inbox.length > 0) {
      const credit = inbox.shift()!;
      if (creditedTxIds.has(credit.bankTxId)) continue;
      creditedTxIds.add(credit.bankTxId);
      const open = OPEN_TOP_UP_STATES.includes(state);
      receivedMinor += credit.amountMinor;
      const next = open ? topUpStateAfterCredits(input.amountMinor, receivedMinor) : undefined;
      const at = new Date().toISOString();
      const credited = await creditTopUp({ orderId: input.orderId, credit, state: next, at });
      // The ledger already holds this transaction for another order: this order received nothing.
      if (credited.applied === false && patched('credit-only-what-the-ledger-took')) {
        receivedMinor -= credit.amountMinor;
        settledTxIds.add(credit.bankTxId);
        continue;
      }
      if (next && next !== state) setState(next);
      if (credited.tellBilling && patched(BILLING_TOLD_BY_THE_WORKFLOW)) {
        await tellBilling(input.orgId, balanceCreditedSignal, { balanceMinor: credited.balanceMinor, at });
      }
      settledTxIds.add(credit.bankTxId);
    }
  }

  const reversedTxIds = new Set<string>();
  /** After the credits it may take back: a reversal of this order's credit debits the balance and reopens the order. */
  async function applyReversals(): Promise<void> {
    while (reversals.length > 0) {
      const reversal = reversals.shift()!;
      if (!creditedTxIds.has(reversal.bankTxId) || reversedTxIds.has(reversal.bankTxId)) continue;
      reversedTxIds.add(reversal.bankTxId);
      const open = OPEN_TOP_UP_STATES.includes(state);
      receivedMinor = Math.max(receivedMinor - reversal.amountMinor, 0);
      const next = open ? topUpStateAfterCredits(input.amountMinor, receivedMinor) : undefined;
      await reverseTopUpCredit({ orderId: input.orderId, reversal, state: next, at: new Date().toISOString() });
      if (next && next !== state) setState(next);
    }
  }

  while (OPEN_TOP_UP_STATES.includes(state)) {
    const nextDeadline = Math.min(reminderTimes[remindersSent] ?? Infinity, expiresAt);
    await condition(() => inbox.length > 0 || reversals.length > 0 || cancellation !== undefined, Math.max(nextDeadline - Date.now(), 1));
    // An accepted cancellation goes first: the validator accepted it while nothing had been paid, so a credit
    // arriving after it is a late credit on a cancelled order (still credited, below).
    if (cancellation) {
      await closeTopUpOrder({ orderId: input.orderId, state: 'cancelled', at: new Date().toISOString(), request: cancellation });
      setState('cancelled');
    } else if (inbox.length > 0 || reversals.length > 0) {
      await applyCredits();
      await applyReversals();
    } else if (Date.now() >= expiresAt) {
      await closeTopUpOrder({ orderId: input.orderId, state: 'expired', at: new Date().toISOString() });
      setState('expired');
    } else if (Date.now() >= (reminderTimes[remindersSent] ?? Infinity)) {
      remindersSent += 1;
      await sendTopUpReminder({ orderId: input.orderId, reminderNumber: remindersSent, receivedMinor });
    }
  }

  // Credits that arrived while the order was closing still reach the balance before the workflow ends.
  await applyCredits();
  await applyReversals();
  await condition(allHandlersFinished);
  await applyCredits();
  await applyReversals();
  return status();
}
