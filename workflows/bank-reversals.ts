import { patched, setHandler } from '@temporalio/workflow';
import { bankReversalSignal, type BankReversal } from './definitions';

/**
 * Reversals are queued only by workflow code that knows them: the patch marks the histories that may carry
 * one, so a reversal signal that reached a run of older code (which left it unhandled) stays unhandled on
 * replay instead of scheduling an activity that history never saw.
 */
export function acceptReversals(): BankReversal[] {
  const reversals: BankReversal[] = [];
  setHandler(bankReversalSignal, (reversal) => {
    if (patched('bank-credit-reversals')) reversals.push(reversal);
  });
  return reversals;
}
