/** Shared set-up for the payment-method tests: configs pointing the real SDKs at the fakes, and an organization. */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import { loadConfig, type Config } from '../../config';
import type { Models } from '../../models';
import { startFakePayPal, type FakePayPal, type PayPalWebhook } from '../fakes/paypal';
import { startFakeStripe, type FakeStripe, type StripeEvent } from '../fakes/stripe';
import { createActivities, type Activities } from '../../activities';
import { testDatabase } from './database';
import { type BeforeStop, type Engine, fillIn, forThisFile, startEngine, thenCloseTestClient } from './engine';

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

/** An engine with fresh Stripe and PayPal fakes for every test of this file (see engineForThisFile). */
export function engineWithFakeProvidersForThisFile(overrides: Record<string, string> = {}, { beforeStop }: BeforeStop = {}) {
  const engine = {} as Engine;
  const stripe = {} as FakeStripe;
  const paypal = {} as FakePayPal;
  forThisFile(
    async () => {
      const started = await startEngineWithFakeProviders(overrides);
      fillIn(engine, started.engine);
      fillIn(stripe, started.stripe);
      fillIn(paypal, started.paypal);
      return thenCloseTestClient(started.stop);
    },
    () => beforeStop?.(engine),
  );
  return { engine, stripe, paypal };
}

/**
 * The activities alone (no worker), for every test of this file: on a fresh database, their SDKs pointed at
 * a fresh PayPal fake and at stripe-mock.
 */
export function providerActivitiesForThisFile() {
  const models = {} as Models;
  const paypal = {} as FakePayPal;
  const activities = {} as Activities;
  forThisFile(async () => {
    const database = await testDatabase();
    const fake = await startFakePayPal();
    fillIn(models, database.models);
    fillIn(paypal, fake);
    fillIn(activities, createActivities({ models: database.models, config: providerConfig(fake, stripeMock()) }));
    return async () => {
      await fake.close();
      await database.drop();
    };
  });
  return { models, paypal, activities };
}

/** Expects `promise` to fail as an activity refuses (an ApplicationFailure), and answers that failure. */
export async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
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
