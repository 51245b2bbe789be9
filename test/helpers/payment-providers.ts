/** Shared set-up for the payment-method tests: configs pointing the real SDKs at the fakes, and an organization. */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { loadConfig, type Config } from '../../config';
import type { Models } from '../../models';
import { startFakePayPal, type FakePayPal, type PayPalWebhook } from '../fakes/paypal';
import { startFakeStripe, type FakeStripe, type StripeEvent } from '../fakes/stripe';
import { type Engine, startEngine } from './engine';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';

/** Config overrides that send the PayPal and Stripe SDKs to the fakes (string values, as startEngine takes them). */
export function providerOverrides(paypal: FakePayPal, stripe: { url: string; secretKey: string }): Partial<Record<keyof Config, string>> {
  return {
    PAYPAL_BASE_URL: paypal.url,
    PAYPAL_CLIENT_ID: paypal.clientId,
    PAYPAL_CLIENT_SECRET: paypal.clientSecret,
    PAYPAL_WEBHOOK_ID: paypal.webhookId,
    STRIPE_API_BASE: stripe.url,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET,
    PUBLIC_BASE_URL: 'https://billing.example.test',
  };
}

export function providerConfig(
  paypal: FakePayPal,
  stripe: FakeStripe | { url: string; secretKey: string },
  extra: Record<string, string> = {},
): Config {
  return loadConfig({ ...process.env, NODE_ENV: 'test', RESEND_API_KEY: '', ...providerOverrides(paypal, stripe), ...extra });
}

/** stripe-mock accepts any test-mode key. */
export const stripeMock = () => {
  const url = process.env.STRIPE_MOCK_URL;
  if (!url) throw new Error('STRIPE_MOCK_URL is not set: run tests through jest (test/global-setup.ts)');
  return { url, secretKey: 'sk_test_stripemock0000' };
};

export async function createTestOrganization(models: Models, fields: Record<string, unknown> = {}): Promise<string> {
  const _id = `org_${randomUUID().replace(/-/g, '')}`;
  await models.Organization.create({
    _id,
    name: 'Acme Telephony',
    billingEmail: 'billing@acme.test',
    currency: 'EUR',
    vatRateBp: 2100,
    plan: { setupFeeMinor: 10000, monthlyFeeMinor: 5000, usagePrices: [] },
    ...fields,
  });
  return _id;
}

/** The path and query of an absolute URL, for `app.request` (PayPal redirects the browser to our public URL). */
export const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** An engine whose Stripe and PayPal SDKs talk to fresh fakes; `stop` stops all three. */
export async function startEngineWithFakeProviders(overrides: Record<string, string> = {}) {
  const [stripe, paypal] = await Promise.all([startFakeStripe(), startFakePayPal()]);
  const engine = await startEngine({ ...overrides, ...providerOverrides(paypal, stripe) });
  const stop = async () => {
    await engine.stop();
    await stripe.close();
    await paypal.close();
  };
  return { engine, stripe, paypal, stop };
}

/** Delivers a Stripe event to our webhook endpoint as Stripe does: signed with the endpoint's secret. */
export function postStripe(engine: Pick<Engine, 'call'>, event: StripeEvent) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: STRIPE_WEBHOOK_SECRET,
    timestamp: Math.floor(Date.now() / 1000),
  });
  return engine.call('POST', '/v1/webhooks/stripe', { body: payload, headers: { 'stripe-signature': signature } });
}

/** Delivers a PayPal webhook (the fake signs it; our endpoint has the fake verify it). */
export function postPayPal(engine: Pick<Engine, 'call'>, webhook: PayPalWebhook) {
  return engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
}
