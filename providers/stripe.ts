/**
 * The Stripe SDK client, built once per process from the configuration and shared by the worker's
 * activities (activities/stripe.ts) and the API's webhook verification (api/routes/webhooks.ts).
 */
import Stripe from 'stripe';
import type { Config } from '../config';

export type StripeClient = Stripe;

export function createStripeClient(config: Pick<Config, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): StripeClient {
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : undefined;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    // One retry policy, in the workflow: Temporal retries the activity with the same idempotency key, with
    // backoff and every attempt in the history. (The SDK still retries a dropped connection once by itself.)
    maxNetworkRetries: 0,
    timeout: 30_000,
    // stripe-mock and the test fake: the SDK's documented host/port/protocol settings, nothing patched.
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}
