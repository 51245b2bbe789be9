import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Activities } from '../activities';
import { FailureType } from '../domain/errors';
import { acceptReversals } from './bank-reversals';
import { BILLING_TOLD_BY_THE_WORKFLOW, tellBilling } from './billing-signals';
import { balanceCreditedSignal, bankCreditSignal, type BankCredit } from './definitions';

const { creditTopUp, reverseTopUpCredit } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound, FailureType.InvalidInput],
  },
});

/**
 * Credits that arrive after their order's workflow has closed (paid, expired or cancelled) still go to the
 * balance. One workflow per order, started by signal-with-start, applies them one at a time (so the
 * order's record has a single writer) and ends once no credit has come for `idle`.
 */
export async function lateTopUpCreditsWorkflow(orderId: string, idle: Duration = '1 minute'): Promise<number> {
  const inbox: BankCredit[] = [];
  const credited = new Set<string>();
  setHandler(bankCreditSignal, (credit) => void inbox.push(credit));
  const reversals = acceptReversals();
  const reversed = new Set<string>();

  for (;;) {
    await condition(() => inbox.length > 0 || reversals.length > 0, idle);
    // checked, not taken from condition's result: a credit may land with the timer
    if (inbox.length === 0 && reversals.length === 0) break;
    while (inbox.length > 0) {
      const credit = inbox.shift()!;
      if (credited.has(credit.bankTxId)) continue;
      credited.add(credit.bankTxId);
      const at = new Date().toISOString();
      const result = await creditTopUp({ orderId, credit, at });
      if (result.tellBilling && patched(BILLING_TOLD_BY_THE_WORKFLOW)) {
        await tellBilling(result.orgId, balanceCreditedSignal, { balanceMinor: result.balanceMinor, at });
      }
    }
    // The order closed before its credit was taken back: the activity works the state out from the order.
    while (reversals.length > 0) {
      const reversal = reversals.shift()!;
      if (reversed.has(reversal.bankTxId)) continue;
      reversed.add(reversal.bankTxId);
      await reverseTopUpCredit({ orderId, reversal, at: new Date().toISOString() });
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof lateTopUpCreditsWorkflow>(orderId, idle);
    }
  }
  return credited.size;
}
