import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Activities } from '../activities';
import { bankCreditSignal, type BankCredit } from './definitions';

const { creditTopUp } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound', 'InvalidInput'] },
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

  for (;;) {
    await condition(() => inbox.length > 0, idle);
    if (inbox.length === 0) break; // checked, not taken from condition's result: a credit may land with the timer
    while (inbox.length > 0) {
      const credit = inbox.shift()!;
      if (credited.has(credit.bankTxId)) continue;
      credited.add(credit.bankTxId);
      await creditTopUp({ orderId, credit, at: new Date().toISOString() });
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof lateTopUpCreditsWorkflow>(orderId, idle);
    }
  }
  return credited.size;
}
