/**
 * Retries that must not duplicate or lose anything: creating an organization again after a 5xx, and a
 * provider redelivering a webhook while its first delivery is still being processed.
 */
import Stripe from 'stripe';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { ADMIN_KEY, apiClient } from '../helpers/api-client';
import { engineForThisFile } from '../helpers/engine';

const engine = engineForThisFile();

const ORGANIZATION = {
  name: 'Retry Ltd',
  billingEmail: 'billing@retry.test',
  currency: 'EUR',
  plan: { setupFeeMinor: 0, monthlyFeeMinor: 1000, usagePrices: [] },
};

it('retrying organization creation after a 5xx with the same Idempotency-Key makes one organization', async () => {
  // The first attempt stores the organization, then fails to start its billing (Temporal unreachable): 500.
  const unreachable = { workflow: { start: () => Promise.reject(new Error('Temporal unreachable')) } } as unknown as Client;
  const failing = apiClient(
    createApp({ models: engine.models, config: { ...engine.config, BILLING_START_ON_ACTIVATION: true }, temporal: unreachable }),
  );
  const create = (client: typeof failing, idempotencyKey: string, body: object = ORGANIZATION) =>
    client.call('POST', '/v1/organizations', { key: ADMIN_KEY, headers: { 'idempotency-key': idempotencyKey }, body });
  expect((await create(failing, 'create-1')).status).toBe(500);

  const working = apiClient(engine.app);
  const retry = await create(working, 'create-1');
  expect(retry.status).toBe(201);
  expect(await engine.models.Organization.countDocuments({ name: 'Retry Ltd' })).toBe(1);
  // The key answered now works; the one the failed attempt stored (never shown) does not linger.
  const orgId = retry.json.organization.id;
  expect(await engine.models.ApiKey.countDocuments({ orgId })).toBe(1);
  expect((await working.call('GET', `/v1/organizations/${orgId}/billing`, { key: retry.json.apiKey })).status).toBe(200);

  // The same key for another organization, once its stored answer is gone, is refused rather than merged.
  await engine.models.IdempotencyRecord.deleteMany({});
  const other = await create(working, 'create-1', { ...ORGANIZATION, name: 'Someone Else' });
  expect(other.status).toBe(422);
  expect(other.json.error.field).toBe('Idempotency-Key');
});

describe('a webhook redelivered while its first delivery is processed', () => {
  const event = (id: string) =>
    JSON.stringify({
      id,
      object: 'event',
      type: 'setup_intent.succeeded',
      data: { object: { id: 'seti_retry', object: 'setup_intent', metadata: { orgId: 'org_nobody' } } },
    });
  const deliver = (payload: string) =>
    engine.call('POST', '/v1/webhooks/stripe', {
      body: payload,
      headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: engine.config.STRIPE_WEBHOOK_SECRET }) },
    });
  const inFlight = async (id: string, ageMs: number) =>
    engine.models.WebhookEvent.create({
      _id: `stripe:${id}`,
      provider: 'stripe',
      eventId: id,
      type: 'setup_intent.succeeded',
      receivedAt: new Date(Date.now() - ageMs),
    });

  it('is refused (409) so the provider delivers it again, instead of being acknowledged and lost', async () => {
    await inFlight('evt_in_flight', 1000);
    const response = await deliver(event('evt_in_flight'));
    expect(response.status).toBe(409);
    expect((await engine.models.WebhookEvent.findById('stripe:evt_in_flight').lean())?.outcome).toBeUndefined();
  });

  it('is processed when the first delivery was cut short long ago', async () => {
    await inFlight('evt_abandoned', 5 * 60_000);
    const response = await deliver(event('evt_abandoned'));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ duplicate: false, outcome: expect.stringMatching(/not running/) });
  });

  it('is acknowledged as a duplicate once the first delivery finished', async () => {
    expect((await deliver(event('evt_done'))).json).toMatchObject({ duplicate: false });
    expect((await deliver(event('evt_done'))).json).toMatchObject({ duplicate: true });
  });
});
