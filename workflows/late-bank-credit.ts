import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BankCredit } from './definitions';

const { creditTopUp } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound', 'InvalidInput'] },
});

/**
 * A credit whose order workflow has already closed (paid, expired or cancelled): it still goes to the
 * balance. Its id is derived from the bank transaction, so the same credit reported twice runs once.
 */
export async function lateBankCreditWorkflow(orderId: string, credit: BankCredit): Promise<{ balanceMinor: number }> {
  return creditTopUp({ orderId, credit, at: new Date().toISOString() });
}
