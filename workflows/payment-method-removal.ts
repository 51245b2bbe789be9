import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import { NON_RETRYABLE_PROVIDER_FAILURES, REFUSALS } from '../domain/errors';
import type { Activities } from '../activities';
import { paymentMethodRemovedUpdate, type PaymentMethodRemovalInput } from './definitions';
import { chooseDefault } from './setup-attempt';

const { markPaymentMethodRemoved, revokePaymentMethod } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [...REFUSALS, ...NON_RETRYABLE_PROVIDER_FAILURES],
  },
});

/** The workflow marks the method removed itself (the payment methods' one writer) before revoking it. */
const MARKS_THE_METHOD = 'removal-marks-the-method';

/**
 * Removes a saved method: marks it removed (never charged again, even while a provider outage delays what
 * follows), makes prepaid the default if it was the default, then revokes it at its provider (PayPal payment
 * token deleted, card detached from the Stripe customer) and tells the organization. Its id comes from the
 * method, so removing twice runs once (a removed method removed again re-runs the idempotent revocation).
 */
export async function paymentMethodRemovalWorkflow(input: PaymentMethodRemovalInput): Promise<void> {
  let marked = false;
  setHandler(paymentMethodRemovedUpdate, async () => {
    await condition(() => marked);
  });
  if (patched(MARKS_THE_METHOD)) {
    const { orgId, wasDefault } = await markPaymentMethodRemoved({ methodId: input.methodId });
    if (wasDefault) await chooseDefault(orgId, { method: 'prepaid', replacing: input.methodId });
  }
  marked = true;
  await revokePaymentMethod({ methodId: input.methodId });
}
