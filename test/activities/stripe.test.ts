/**
 * The Stripe activities through the real `stripe` SDK: first against stripe-mock, which checks every request
 * against Stripe's OpenAPI spec (but never changes state), then against the stateful fake for the paths that
 * depend on what happened before (set-up succeeded or failed, declines, 3-D Secure, a 500 then success).
 */
import { ApplicationFailure } from '@temporalio/common';
import Stripe from 'stripe';
import { createActivities } from '../../activities';
import { createStripeClient } from '../../providers/stripe';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { createTestOrganization, providerActivitiesForThisFile, providerConfig, refusal, stripeMock } from '../helpers/payment-providers';

// The PayPal fake is unused here, but createActivities builds both clients.
const { models, paypal } = providerActivitiesForThisFile();

describe("against stripe-mock (requests validated against Stripe's OpenAPI spec)", () => {
  let activities: ReturnType<typeof createActivities>;
  beforeAll(() => {
    activities = createActivities({ models, config: providerConfig(paypal, stripeMock()) });
  });

  it('creates a customer where the organization has none, without writing the organization (its owner records it)', async () => {
    const orgId = await createTestOrganization(models);
    const { customerId, created } = await activities.findOrCreateStripeCustomer({ orgId, idempotencyKey: `run:${orgId}:customer` });
    expect(customerId).toMatch(/^cus_/);
    expect(created).toBe(true);
    expect((await models.Organization.findById(orgId).lean())!.stripeCustomerId).toBeUndefined();
    await models.Organization.updateOne({ _id: orgId }, { $set: { stripeCustomerId: 'cus_recorded' } });
    const again = await activities.findOrCreateStripeCustomer({ orgId, idempotencyKey: `other-run:${orgId}:customer` });
    expect(again).toEqual({ customerId: 'cus_recorded', created: false });
  });

  it('creates an off-session SetupIntent and answers its client secret', async () => {
    const orgId = await createTestOrganization(models);
    const setup = await activities.createCardSetupIntent({
      orgId,
      customerId: 'cus_mock',
      workflowId: `card-setup/${orgId}`,
      idempotencyKey: `run:${orgId}:si`,
    });
    expect(setup.setupIntentId).toMatch(/^seti_/);
    expect(setup.clientSecret).toMatch(/^seti_\w+_secret_\w+$/);
  });

  it('retrieves a card payment method: brand, last 4 and expiry only', async () => {
    const card = await activities.describeCardPaymentMethod({ paymentMethodId: 'pm_card_visa' });
    expect(card).toMatchObject({
      brand: expect.any(String),
      last4: expect.stringMatching(/^\d{4}$/),
      expMonth: expect.any(Number),
      expYear: expect.any(Number),
    });
    expect(Object.keys(card).sort()).toEqual(expect.not.arrayContaining(['number', 'cvc', 'fingerprint']));
  });

  it('creates and confirms an off-session PaymentIntent (what the billing cycle sends)', async () => {
    const payment = await activities.createOffSessionPayment({
      orgId: 'org_mock',
      cycleId: '2026-11',
      customerId: 'cus_mock',
      paymentMethodId: 'pm_card_visa',
      amountMinor: 18150,
      currency: 'EUR',
      idempotencyKey: 'cycle:org_mock:2026-11',
    });
    expect(payment.paymentIntentId).toMatch(/^pi_/);
    expect(payment).toMatchObject({ amountMinor: 18150, currency: 'EUR' });
  });

  it('is refused by stripe-mock when a request breaks the spec (so the passes above mean something)', async () => {
    // The SDK's pinned API version replaced payment_method_types with allowed_payment_method_types, which
    // stripe-mock's spec does not have yet: why activities/stripe.ts uses automatic_payment_methods instead.
    const client = createStripeClient({ STRIPE_SECRET_KEY: stripeMock().secretKey, STRIPE_API_BASE: stripeMock().url });
    const error = await client.setupIntents
      .create({ customer: 'cus_mock', allowed_payment_method_types: ['card'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Error).message).toMatch(/additional properties are not allowed/);
  });
});

describe('against the stateful Stripe fake', () => {
  let stripe: FakeStripe;
  let activities: ReturnType<typeof createActivities>;
  beforeAll(async () => {
    stripe = await startFakeStripe();
    activities = createActivities({ models, config: providerConfig(paypal, stripe) });
  });
  afterAll(async () => {
    await stripe.close();
  });

  async function setUp() {
    const orgId = await createTestOrganization(models);
    const customerId = await activities.ensureStripeCustomer({ orgId, idempotencyKey: `run:${orgId}:customer` });
    const setup = await activities.createCardSetupIntent({
      orgId,
      customerId,
      workflowId: `card-setup/${orgId}`,
      idempotencyKey: `run:${orgId}:si`,
    });
    return { orgId, customerId, ...setup };
  }

  it("reads a succeeded SetupIntent back as the card's display fields", async () => {
    const { orgId, customerId, setupIntentId } = await setUp();
    expect(await activities.getCardSetupOutcome({ orgId, setupIntentId })).toEqual({
      status: 'pending',
      stripeStatus: 'requires_payment_method',
    });
    stripe.confirmSetupIntent(setupIntentId, 'visa');
    const outcome = await activities.getCardSetupOutcome({ orgId, setupIntentId });
    expect(outcome).toEqual({
      status: 'succeeded',
      card: {
        stripeCustomerId: customerId,
        paymentMethodId: expect.stringMatching(/^pm_/),
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 3,
        funding: 'credit',
        country: 'US',
      },
    });
    const sent = stripe.requests.find((r) => r.path === '/v1/setup_intents' && r.method === 'POST')!;
    expect(sent.params).toMatchObject({ customer: customerId, usage: 'off_session', metadata: { orgId } });
    expect(sent.idempotencyKey).toBe(`run:${orgId}:si`);
  });

  it("reports a failed set-up with Stripe's decline code, and refuses another organization's SetupIntent", async () => {
    const { orgId, setupIntentId } = await setUp();
    stripe.confirmSetupIntent(setupIntentId, 'declined');
    expect(await activities.getCardSetupOutcome({ orgId, setupIntentId })).toMatchObject({
      status: 'failed',
      error: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
    });
    const other = await createTestOrganization(models);
    const failure = await refusal(activities.getCardSetupOutcome({ orgId: other, setupIntentId }));
    expect(failure.message).toMatch(/does not belong/);
  });

  it('closes an abandoned SetupIntent, but keeps one the customer confirmed meanwhile', async () => {
    const abandoned = await setUp();
    expect(await activities.closeCardSetupIntent({ ...abandoned, reason: 'abandoned', idempotencyKey: 'close-1' })).toEqual({
      status: 'canceled',
    });
    expect(stripe.setupIntents.get(abandoned.setupIntentId)).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });

    const confirmed = await setUp();
    stripe.confirmSetupIntent(confirmed.setupIntentId, 'visa');
    expect(await activities.closeCardSetupIntent({ ...confirmed, reason: 'abandoned', idempotencyKey: 'close-2' })).toMatchObject({
      status: 'succeeded',
    });
    expect(stripe.setupIntents.get(confirmed.setupIntentId)!.status).toBe('succeeded');
  });

  describe('off-session payments (issue 4)', () => {
    const pay = (customerId: string, paymentMethodId: string, idempotencyKey: string) =>
      activities.createOffSessionPayment({
        orgId: 'org_x',
        cycleId: '2026-11',
        customerId,
        paymentMethodId,
        amountMinor: 18150,
        currency: 'EUR',
        idempotencyKey,
      });

    it('succeeds with the amount in minor units and the metadata the cycle needs', async () => {
      const { customerId } = await setUp();
      const card = stripe.attachCard(customerId, 'visa');
      const payment = await pay(customerId, card.id, 'cycle:ok');
      expect(payment).toMatchObject({ status: 'succeeded', amountMinor: 18150, currency: 'EUR', chargeId: expect.stringMatching(/^ch_/) });
      const sent = stripe.requests.find((r) => r.path === '/v1/payment_intents')!;
      expect(sent.params).toMatchObject({
        amount: '18150',
        currency: 'eur',
        customer: customerId,
        payment_method: card.id,
        off_session: 'true',
        confirm: 'true',
        metadata: { orgId: 'org_x', cycleId: '2026-11' },
      });
      expect(sent.idempotencyKey).toBe('cycle:ok');
    });

    it("throws PaymentDeclined for a declined card, with Stripe's codes and the PaymentIntent", async () => {
      const { customerId } = await setUp();
      const card = stripe.attachCard(customerId, 'declined');
      const failure = await refusal(pay(customerId, card.id, 'cycle:declined'));
      expect(failure.type).toBe('PaymentDeclined');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details?.[0]).toMatchObject({
        code: 'card_declined',
        declineCode: 'generic_decline',
        paymentIntentId: expect.stringMatching(/^pi_/),
      });
    });

    it('throws AuthenticationRequired when the card needs 3-D Secure off-session', async () => {
      const { customerId } = await setUp();
      const card = stripe.attachCard(customerId, 'authenticationRequired');
      const failure = await refusal(pay(customerId, card.id, 'cycle:3ds'));
      expect(failure.type).toBe('AuthenticationRequired');
      expect(failure.details?.[0]).toMatchObject({ code: 'authentication_required' });
    });

    it('retries a 500 with the same idempotency key and charges once', async () => {
      const { customerId } = await setUp();
      const card = stripe.attachCard(customerId, 'visa');
      stripe.failNext({ method: 'POST', path: '/v1/payment_intents' });
      const first = await pay(customerId, card.id, 'cycle:500').catch((e: unknown) => e);
      expect(first).toBeInstanceOf(Error);
      expect(first).not.toBeInstanceOf(ApplicationFailure); // retryable: Temporal tries again
      const second = await pay(customerId, card.id, 'cycle:500');
      const third = await pay(customerId, card.id, 'cycle:500'); // a retry after success: replayed, not charged
      expect(third.paymentIntentId).toBe(second.paymentIntentId);
      expect(
        stripe.requests
          .filter((r) => r.path === '/v1/payment_intents' && r.idempotencyKey === 'cycle:500')
          .map((r) => [r.status, !!r.replayed]),
      ).toEqual([
        [500, false],
        [200, false],
        [200, true],
      ]);
      expect([...stripe.paymentIntents.values()].filter((p) => p.payment_method === card.id)).toHaveLength(1);
    });
  });
});
