/**
 * Webhook authentication and replay protection: Stripe's signature checked by the SDK against the endpoint
 * secret, PayPal's checked by PayPal's verify-webhook-signature API (the fake's), each event acted on once.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import Stripe from 'stripe';
import { createApp } from '../../api/app';
import { cardSetupStartedUpdate, cardSetupStatusQuery } from '../../workflows/definitions';
import type { StripeEvent } from '../fakes/stripe';
import { eventually } from '../helpers/engine';
import { engineWithFakeProvidersForThisFile, STRIPE_WEBHOOK_SECRET } from '../helpers/payment-providers';

const { engine, stripe, paypal } = engineWithFakeProvidersForThisFile();

const sign = (payload: string, { secret = STRIPE_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
const postStripe = (payload: string, signature?: string) =>
  engine.call('POST', '/v1/webhooks/stripe', { body: payload, headers: signature ? { 'stripe-signature': signature } : {} });

/** A pending card set-up for a new organization, started as the API does. */
async function pendingCardSetup() {
  const { orgId } = await engine.createOrganization();
  const status = await engine.client.workflow.executeUpdateWithStart(cardSetupStartedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation('cardSetupWorkflow', {
      workflowId: `card-setup/${orgId}`,
      taskQueue: engine.taskQueue,
      args: [{ orgId, setupTimeout: '1 hour', makeDefault: false }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { orgId, setupIntentId: status.setupIntentId!, handle: engine.client.workflow.getHandle(`card-setup/${orgId}`) };
}

describe('Stripe webhooks', () => {
  let event: StripeEvent;
  let payload: string;
  let orgId: string;
  let handle: Awaited<ReturnType<typeof pendingCardSetup>>['handle'];

  beforeAll(async () => {
    const setup = await pendingCardSetup();
    ({ orgId, handle } = setup);
    event = stripe.confirmSetupIntent(setup.setupIntentId, 'declined');
    payload = JSON.stringify(event);
  });

  it('refuses a missing, forged, tampered or stale signature, and does nothing', async () => {
    const missing = await postStripe(payload);
    expect([missing.status, missing.json.error]).toEqual([
      400,
      expect.objectContaining({ code: 'invalid_signature', message: 'missing Stripe-Signature header' }),
    ]);
    const forged = await postStripe(payload, sign(payload, { secret: 'whsec_someone_else_entirely' }));
    expect(forged.status).toBe(400);
    expect(forged.json.error.message).toMatch(/No signatures found matching the expected signature/);
    const tampered = await postStripe(payload.replace('"card_declined"', '"none"'), sign(payload));
    expect(tampered.status).toBe(400);
    const stale = await postStripe(payload, sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(400);
    expect(stale.json.error.message).toMatch(/tolerance/i);
    expect(await engine.models.WebhookEvent.countDocuments({ eventId: event.id })).toBe(0);
    expect((await handle.query(cardSetupStatusQuery)).failedAttempts).toBe(0);
  });

  it('accepts a valid delivery once and ignores its replays', async () => {
    const first = await postStripe(payload, sign(payload));
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true, duplicate: false, outcome: `signalled card-setup/${orgId}` });
    await eventually(async () => (await handle.query(cardSetupStatusQuery)).failedAttempts === 1);

    const replay = await postStripe(payload, sign(payload)); // re-signed now, as an attacker replaying the body would have to
    expect(replay.json).toEqual({ received: true, duplicate: true });
    expect(await engine.models.WebhookEvent.countDocuments({ eventId: event.id })).toBe(1);
    expect(await engine.models.WebhookEvent.findById(`stripe:${event.id}`).lean()).toMatchObject({
      type: 'setup_intent.setup_failed',
      orgId,
      outcome: `signalled card-setup/${orgId}`,
    });
  });

  it('acknowledges events it does not handle, or that name no running set-up', async () => {
    const other = stripe.event('customer.created', { id: 'cus_x', object: 'customer', metadata: {} });
    const ignored = await postStripe(JSON.stringify(other), sign(JSON.stringify(other)));
    expect(ignored.json).toEqual({ received: true, duplicate: false, outcome: 'ignored: customer.created is not handled' });
    const orphan = stripe.event('setup_intent.succeeded', { id: 'seti_x', object: 'setup_intent', metadata: { orgId: 'org_gone' } });
    const gone = await postStripe(JSON.stringify(orphan), sign(JSON.stringify(orphan)));
    expect(gone.json.outcome).toBe('ignored: card-setup/org_gone is not running');
  });
});

describe('PayPal webhooks', () => {
  async function paypalEvent() {
    const { orgId } = await engine.createOrganization();
    return paypal.signWebhook({
      id: `WH-${orgId}`,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: 'payment_token',
      event_type: 'VAULT.PAYMENT-TOKEN.CREATED',
      summary: 'A payment token has been created.',
      resource: { id: 'tok123', customer: { id: 'customer_1', merchant_customer_id: orgId } },
    });
  }

  it('accepts what PayPal verifies, once, and asked PayPal with our webhook id', async () => {
    const webhook = await paypalEvent();
    const first = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      received: true,
      duplicate: false,
      outcome: expect.stringMatching(/^ignored: paypal-setup\/org_\w+ is not running$/),
    });
    const verify = paypal.requests.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').at(-1)!;
    expect(verify.body).toMatchObject({
      webhook_id: paypal.webhookId,
      transmission_id: webhook.headers['paypal-transmission-id'],
      transmission_sig: webhook.headers['paypal-transmission-sig'],
      auth_algo: 'SHA256withRSA',
      webhook_event: webhook.event,
    });
    const replay = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
    expect(replay.json).toEqual({ received: true, duplicate: true });
  });

  it('refuses a tampered event PayPal does not verify, and missing headers, saying why', async () => {
    const webhook = await paypalEvent();
    const tampered = await engine.call('POST', '/v1/webhooks/paypal', {
      body: webhook.body.replace('tok123', 'tok999'),
      headers: webhook.headers,
    });
    expect(tampered.status).toBe(400);
    expect(tampered.json.error).toMatchObject({ code: 'invalid_signature', message: expect.stringMatching(/verification_status FAILURE/) });
    const { 'paypal-transmission-sig': _sig, 'paypal-cert-url': _cert, ...partial } = webhook.headers;
    const unsigned = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: partial });
    expect(unsigned.status).toBe(400);
    expect(unsigned.json.error.message).toBe('missing PayPal signature headers: paypal-transmission-sig, paypal-cert-url');
    expect(await engine.models.WebhookEvent.countDocuments({ provider: 'paypal', eventId: webhook.event.id as string })).toBe(0);
  });

  it('answers 503 when PayPal cannot be asked, or no webhook id is configured, so PayPal delivers again', async () => {
    const webhook = await paypalEvent();
    paypal.failNext({ method: 'POST', path: '/v1/notifications/verify-webhook-signature' }, 503);
    const unavailable = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
    expect(unavailable.status).toBe(503);
    expect(unavailable.json.error.code).toBe('verification_unavailable');

    const unconfigured = createApp({ models: engine.models, config: { ...engine.config, PAYPAL_WEBHOOK_ID: '' }, temporal: engine.client });
    const response = await unconfigured.request('/v1/webhooks/paypal', { method: 'POST', body: webhook.body, headers: webhook.headers });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/PAYPAL_WEBHOOK_ID is not configured/);

    // Delivered again once PayPal answers: processed, not a duplicate.
    const later = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
    expect(later.json.duplicate).toBe(false);
  });
});
