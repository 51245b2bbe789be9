/**
 * Payment methods through the API, as a portal (and PayPal's browser redirects, and the providers'
 * webhooks) would use it: the whole engine with the real SDKs pointed at the PayPal and Stripe fakes.
 */
import Stripe from 'stripe';
import type { StripeEvent } from '../fakes/stripe';
import { ADMIN_KEY, eventually } from '../helpers/engine';
import {
  engineWithFakeProvidersForThisFile,
  pathOf,
  STRIPE_WEBHOOK_SECRET,
  startEngineWithFakeProviders,
} from '../helpers/payment-providers';

const { engine, stripe, paypal } = engineWithFakeProvidersForThisFile();

function deliverStripe(event: StripeEvent) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET });
  return engine.call('POST', '/v1/webhooks/stripe', { body: payload, headers: { 'stripe-signature': signature } });
}

describe('PayPal billing agreement through the API', () => {
  it("starts, returns the pending attempt again, and is approved through PayPal's redirect and webhook", async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, {
      key,
      body: { makeDefault: true },
      headers: { 'idempotency-key': 'pp-1' },
    });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({
      workflowId: `paypal-setup/${orgId}`,
      state: 'awaiting_approval',
      approvalUrl: expect.stringContaining('paypal.com/agreements/approve'),
    });

    const again = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
    expect(again.status).toBe(201);
    expect(again.json.setupTokenId).toBe(started.json.setupTokenId);
    const replay = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, {
      key,
      body: { makeDefault: true },
      headers: { 'idempotency-key': 'pp-1' },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    // The payer approves at PayPal and is sent back to our return URL: no API key in a browser.
    const redirect = paypal.approve(started.json.setupTokenId, { email: 'finance@acme.test' });
    expect(redirect.startsWith(`${engine.config.PUBLIC_BASE_URL}/v1/paypal/setup/${orgId}/`)).toBe(true);
    const back = await engine.call('GET', pathOf(redirect));
    expect(back.status).toBe(202);
    expect(back.json).toMatchObject({ received: true });

    const status = await eventually(async () => {
      const response = await engine.call('GET', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
      return response.json.state === 'active' && response.json;
    });
    const token = [...paypal.paymentTokens.values()].find((t) => t.customer.merchant_customer_id === orgId)!;
    expect(status.method).toMatchObject({
      kind: 'paypal',
      billingAgreementNumber: token.id,
      payerEmail: 'finance@acme.test',
      isDefault: true,
    });

    // PayPal's VAULT.PAYMENT-TOKEN.CREATED webhook arrives after: verified, acknowledged, nothing done twice.
    const webhook = paypal.webhooks.find((w) => (w.event.resource as { id: string }).id === token.id)!;
    const delivered = await engine.call('POST', '/v1/webhooks/paypal', { body: webhook.body, headers: webhook.headers });
    expect(delivered.status).toBe(200);
    expect(delivered.json).toMatchObject({ received: true, duplicate: false, outcome: expect.stringMatching(/not running|signalled/) });

    const list = await engine.call('GET', `/v1/organizations/${orgId}/payment-methods`, { key });
    expect(list.json).toEqual({
      default: 'paypal',
      defaultPaymentMethodId: `paypal_${token.id}`,
      methods: [
        {
          methodId: `paypal_${token.id}`,
          kind: 'paypal',
          isDefault: true,
          billingAgreementNumber: token.id,
          payerEmail: 'finance@acme.test',
        },
      ],
    });
    expect(paypal.countRequests('POST', '/v3/vault/payment-tokens')).toBe(paypal.paymentTokens.size);

    // Reloading the return page after the set-up finished says so, and nothing about the payer.
    const reload = await engine.call('GET', pathOf(redirect));
    expect(reload.status).toBe(200);
    expect(reload.json).toEqual({ received: false, state: 'active', message: expect.any(String) });
    expect(JSON.stringify(reload.json)).not.toMatch(new RegExp(`finance@acme|${token.id}`));

    const emails = await engine.call('GET', `/v1/organizations/${orgId}/emails`, { key });
    expect(emails.json.data.map((e: { key: string }) => e.key)).toEqual([`payment-method-added:paypal_${token.id}`]);
  });

  it('the payer cancelling at PayPal ends the attempt; a stale link cannot', async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
    const cancelUrl = paypal.cancelAtPayPal(started.json.setupTokenId);
    const stale = cancelUrl.replace(/\/[0-9a-f]{32}\/cancel/, `/${'0'.repeat(32)}/cancel`);
    expect((await engine.call('GET', pathOf(stale))).status).toBe(404);
    const cancelled = await engine.call('GET', pathOf(cancelUrl));
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    expect((await engine.call('GET', pathOf(cancelUrl))).status).toBe(409);
    const malformed = await engine.call('GET', `/v1/paypal/setup/${orgId}/not-an-attempt/return`);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.field).toBe('attemptId');
  });

  it('a return link of no running attempt is refused before the workflow hears of it', async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
    const redirect = paypal.approve(started.json.setupTokenId, { email: 'someone@acme.test' });
    const forged = pathOf(redirect).replace(/\/[0-9a-f]{32}\/return/, `/${'ab'.repeat(16)}/return`);
    for (let i = 0; i < 3; i++) {
      const refused = await engine.call('GET', forged);
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.json)).not.toMatch(/someone@acme/);
    }
    expect((await engine.call('GET', `/v1/paypal/setup/org_nobody/${'cd'.repeat(16)}/return`)).status).toBe(409);
    const history = await engine.client.workflow.getHandle(`paypal-setup/${orgId}`).fetchHistory();
    const signals = (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes);
    expect(signals).toHaveLength(0);
    expect((await engine.call('GET', pathOf(redirect))).status).toBe(202);
  });

  it("cancels with the API key, and answers 502 with PayPal's reason when the set-up cannot start", async () => {
    const { orgId, key } = await engine.createOrganization();
    await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
    const cancelled = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal/cancel`, {
      key,
      body: { reason: 'wrong account' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    expect((await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal/cancel`, { key })).status).toBe(409);

    paypal.failNext({ method: 'POST', path: '/v3/vault/setup-tokens' }, 400);
    const refused = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key });
    expect(refused.status).toBe(502);
    expect(refused.json.error).toMatchObject({
      code: 'provider_error',
      message: expect.stringMatching(/PayPal set-up could not start: .*HTTP 400/),
    });
  });
});

describe('card through the API', () => {
  it("answers a client secret, learns the result from Stripe's webhook, and lists the card", async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card`, {
      key,
      body: { makeDefault: true },
      headers: { 'idempotency-key': 'card-1' },
    });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({
      workflowId: `card-setup/${orgId}`,
      state: 'awaiting_confirmation',
      setupIntentId: expect.stringMatching(/^seti_/),
      clientSecret: expect.stringContaining('_secret_'),
    });
    const replay = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card`, {
      key,
      body: { makeDefault: true },
      headers: { 'idempotency-key': 'card-1' },
    });
    expect(replay.json).toMatchObject({ setupIntentId: started.json.setupIntentId, clientSecret: null }); // secrets are not stored for replays
    const stored = await engine.models.IdempotencyRecord.find({}).lean();
    expect(JSON.stringify(stored)).not.toContain(started.json.clientSecret);

    const event = stripe.confirmSetupIntent(started.json.setupIntentId, 'visa');
    const delivered = await deliverStripe(event);
    expect(delivered.status).toBe(200);
    expect(delivered.json).toEqual({ received: true, duplicate: false, outcome: `signalled card-setup/${orgId}` });

    // The default is recorded as the set-up's next step, a moment after the card is saved.
    const list = await eventually(async () => {
      const response = await engine.call('GET', `/v1/organizations/${orgId}/payment-methods`, { key });
      return response.json.default === 'card' && response.json;
    });
    expect(list).toMatchObject({
      default: 'card',
      methods: [{ kind: 'card', isDefault: true, card: { brand: 'visa', last4: '4242', expMonth: 12 } }],
    });

    // The portal's confirm after the webhook already finished: the same card, not an error.
    const confirmed = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/confirm`, {
      key,
      body: { setupIntentId: started.json.setupIntentId },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ state: 'active', method: { card: { last4: '4242' } } });
  });

  it("a declined card comes back from confirm with Stripe's reason; another card then succeeds", async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card`, { key });
    stripe.confirmSetupIntent(started.json.setupIntentId, 'declined');
    const declined = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/confirm`, {
      key,
      body: { setupIntentId: started.json.setupIntentId },
    });
    expect(declined.status).toBe(200);
    expect(declined.json).toMatchObject({
      state: 'awaiting_confirmation',
      lastSetupError: { code: 'card_declined', declineCode: 'generic_decline' },
    });

    stripe.confirmSetupIntent(started.json.setupIntentId, 'mastercard');
    const ok = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/confirm`, {
      key,
      body: { setupIntentId: started.json.setupIntentId },
    });
    expect(ok.json).toMatchObject({ state: 'active', method: { card: { brand: 'mastercard', last4: '4444' }, isDefault: false } });
    const bad = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/confirm`, {
      key,
      body: { setupIntentId: 'pi_123' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('setupIntentId');
  });

  it('cancels a pending card set-up at Stripe', async () => {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card`, { key });
    const cancelled = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/cancel`, { key });
    expect(cancelled.json.state).toBe('cancelled');
    expect(stripe.setupIntents.get(started.json.setupIntentId)!.status).toBe('canceled');
  });
});

describe('default method and removal', () => {
  async function orgWithCardAndPayPal() {
    const org = await engine.createOrganization();
    const card = await engine.call('POST', `/v1/organizations/${org.orgId}/payment-methods/card`, { key: org.key });
    stripe.confirmSetupIntent(card.json.setupIntentId, 'visa');
    await engine.call('POST', `/v1/organizations/${org.orgId}/payment-methods/card/confirm`, {
      key: org.key,
      body: { setupIntentId: card.json.setupIntentId },
    });
    const pp = await engine.call('POST', `/v1/organizations/${org.orgId}/payment-methods/paypal`, { key: org.key });
    await engine.call('GET', pathOf(paypal.approve(pp.json.setupTokenId)));
    const list = await eventually(async () => {
      const response = await engine.call('GET', `/v1/organizations/${org.orgId}/payment-methods`, { key: org.key });
      return response.json.methods.length === 2 && response.json;
    });
    const byKind = (kind: string) => list.methods.find((m: { kind: string }) => m.kind === kind).methodId as string;
    return { ...org, cardId: byKind('card'), paypalId: byKind('paypal') };
  }

  it('chooses prepaid, PayPal or card; refuses a method that is not there', async () => {
    const { orgId, key, cardId, paypalId } = await orgWithCardAndPayPal();
    const put = (body: unknown) => engine.call('PUT', `/v1/organizations/${orgId}/payment-methods/default`, { key, body });
    expect((await put({ method: 'card' })).json).toMatchObject({ default: 'card', defaultPaymentMethodId: cardId });
    expect((await put({ method: 'paypal', paymentMethodId: paypalId })).json).toMatchObject({
      default: 'paypal',
      defaultPaymentMethodId: paypalId,
    });
    expect((await put({ method: 'prepaid' })).json).toMatchObject({ default: 'prepaid', defaultPaymentMethodId: null });
    expect((await put({ method: 'card', paymentMethodId: paypalId })).status).toBe(404);
    const invalid = await put({ method: 'bank' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.field).toBe('method');
    expect((await engine.models.Organization.findById(orgId).lean())!.defaultPaymentMethod).toBe('prepaid');

    const empty = await engine.createOrganization();
    const none = await engine.call('PUT', `/v1/organizations/${empty.orgId}/payment-methods/default`, {
      key: empty.key,
      body: { method: 'paypal' },
    });
    expect(none.status).toBe(409);
    expect(none.json.error.message).toMatch(/set one up first/);
  });

  it('removes a method: the default falls back to prepaid and the provider revokes it', async () => {
    const { orgId, key, cardId, paypalId } = await orgWithCardAndPayPal();
    await engine.call('PUT', `/v1/organizations/${orgId}/payment-methods/default`, { key, body: { method: 'card' } });
    const removed = await engine.call('DELETE', `/v1/organizations/${orgId}/payment-methods/${cardId}`, { key });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ default: 'prepaid', defaultPaymentMethodId: null, methods: [{ methodId: paypalId }] });
    const pmId = cardId.replace(/^card_/, '');
    await eventually(async () => stripe.paymentMethods.get(pmId)!.customer === null);
    await engine.call('DELETE', `/v1/organizations/${orgId}/payment-methods/${paypalId}`, { key });
    await eventually(async () => paypal.paymentTokens.get(paypalId.replace(/^paypal_/, ''))!.deleted);
    await eventually(async () => (await engine.models.OutboxEmail.countDocuments({ orgId, _id: /^payment-method-removed:/ })) === 2);
    expect((await engine.call('GET', `/v1/organizations/${orgId}/payment-methods`, { key })).json.methods).toEqual([]);
    expect((await engine.call('DELETE', `/v1/organizations/${orgId}/payment-methods/card_pm_nope`, { key })).status).toBe(404);
  });

  it("never shows or changes another organization's methods", async () => {
    const a = await orgWithCardAndPayPal();
    const b = await engine.createOrganization();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/organizations/${a.orgId}/payment-methods`],
      ['GET', `/v1/organizations/${a.orgId}/payment-methods/paypal`],
      ['GET', `/v1/organizations/${a.orgId}/payment-methods/card`],
      ['POST', `/v1/organizations/${a.orgId}/payment-methods/paypal`],
      ['POST', `/v1/organizations/${a.orgId}/payment-methods/card`],
      ['POST', `/v1/organizations/${a.orgId}/payment-methods/card/confirm`, { setupIntentId: 'seti_x' }],
      ['PUT', `/v1/organizations/${a.orgId}/payment-methods/default`, { method: 'prepaid' }],
      ['DELETE', `/v1/organizations/${a.orgId}/payment-methods/${a.cardId}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await engine.call(method, path, { key: b.key, body });
      expect([method, path, response.status, response.json?.error?.code]).toEqual([method, path, 404, 'not_found']);
    }
    // B's own path with A's method id is just as unknown.
    expect((await engine.call('DELETE', `/v1/organizations/${b.orgId}/payment-methods/${a.cardId}`, { key: b.key })).status).toBe(404);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/payment-methods`)).status).toBe(401);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/payment-methods`, { key: ADMIN_KEY })).json.methods).toHaveLength(2);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/payment-methods`, { key: a.key })).json.methods).toHaveLength(2);
  });
});

describe('routes without a key', () => {
  it('answer 429 past PUBLIC_ROUTE_RATE_LIMIT requests a minute from one address', async () => {
    const limited = await startEngineWithFakeProviders({ PUBLIC_ROUTE_RATE_LIMIT: '3' });
    try {
      const path = `/v1/paypal/setup/org_nobody/${'ef'.repeat(16)}/return`;
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limited.engine.call('GET', path));
      expect(answers.map((a) => a.status)).toEqual([409, 409, 409, 429, 429]);
      expect(answers[3].json.error.code).toBe('rate_limited');
      // Routes with a key are not counted against it.
      const { orgId, key } = await limited.engine.createOrganization();
      expect((await limited.engine.call('GET', `/v1/organizations/${orgId}/payment-methods`, { key })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
