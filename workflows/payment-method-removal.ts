import { proxyActivities } from '@temporalio/workflow';
import { NON_RETRYABLE_PROVIDER_FAILURES } from '../domain/payment-methods';
import type { Activities } from '../activities';
import type { PaymentMethodRemovalInput } from './definitions';

const { revokePaymentMethod } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['NotFound', 'Conflict', ...NON_RETRYABLE_PROVIDER_FAILURES],
  },
});

/**
 * Revokes a removed method at its provider (PayPal payment token deleted, card detached from the Stripe
 * customer) and tells the organization. The API has already marked it removed, so it is never charged again
 * even while a provider outage delays this; its id comes from the method, so removing twice runs once.
 */
export async function paymentMethodRemovalWorkflow(input: PaymentMethodRemovalInput): Promise<void> {
  await revokePaymentMethod({ methodId: input.methodId });
}
