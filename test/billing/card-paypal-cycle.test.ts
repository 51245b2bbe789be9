/**
 * Cycles collected by card (the real Stripe SDK against the stateful Stripe fake, and against stripe-mock
 * for request shapes) and by PayPal (the real SDK against the PayPal fake): paid, declined and retried with
 * a new method, authentication required and completed by the customer, a provider failing transiently
 * (retried with the same idempotency key, charged once).
 */
import { createActivities } from '../../activities';
import { billingCycleKey } from '../../domain/billing-cycle';
import { cardMethodId } from '../../models/payment-method';
import { billingWorkflowId, paymentMethodChangedSignal } from '../../workflows/definitions';
import type { TestCard } from '../fakes/stripe';
import {
  BILLING_OVERRIDES,
  cycles,
  expectBooksToBalance,
  outboxKeys,
  runCycleNow,
  saveDefaultCard,
  saveDefaultPayPal,
} from '../helpers/billing';
import { eventually } from '../helpers/engine';
import { createTestOrganization, engineWithFakeProvidersForThisFile, providerConfig, stripeMock } from '../helpers/payment-providers';

const { engine, stripe, paypal } = engineWithFakeProvidersForThisFile(BILLING_OVERRIDES, { beforeStop: expectBooksToBalance });

const PLAN = { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] };
const TOTAL = 6050; // 50.00 + 21 % VAT

const giveCard = (orgId: string, card: TestCard) => saveDefaultCard(engine, stripe, orgId, card);

const givePayPal = async (orgId: string) => (await saveDefaultPayPal(engine, paypal, orgId)).tokenId;

const intentsOf = (customerId: string) => [...stripe.paymentIntents.values()].filter((pi) => pi.customer === customerId);
const chargeRequests = (customerId: string) =>
  stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.params.customer === customerId);
const methodChanged = (orgId: string, method: 'card' | 'paypal' | 'prepaid') =>
  engine.client.workflow.getHandle(billingWorkflowId(orgId)).signal(paymentMethodChangedSignal, { method });
const paidCycle = (orgId: string) =>
  eventually(async () => {
    const [cycle] = await cycles(engine, orgId);
    return cycle.state === 'paid' && cycle.invoiceNumber ? cycle : undefined;
  });

describe('card', () => {
  it('charges the card off-session, once, with the cycle in the metadata, and issues the invoice', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId, paymentMethodId } = await giveCard(orgId, 'visa');
    const status = await runCycleNow(engine, orgId);
    expect(status).toMatchObject({ state: 'active', amountDueMinor: 0 });
    const [cycle] = await cycles(engine, orgId);
    expect(cycle).toMatchObject({ state: 'paid', paidWith: 'card', invoiceNumber: expect.stringMatching(/^INV-/) });
    const [request] = chargeRequests(customerId);
    expect(request.idempotencyKey).toBe(`cycle:${orgId}:${cycle.cycleId}:1`);
    expect(request.params).toMatchObject({
      amount: String(TOTAL),
      currency: 'eur',
      payment_method: paymentMethodId,
      off_session: 'true',
      confirm: 'true',
      metadata: { orgId, cycleId: cycle.cycleId },
    });
    expect(intentsOf(customerId).map((pi) => pi.status)).toEqual(['succeeded']);
    expect(cycle.attempts![0]).toMatchObject({ outcome: 'paid', providerRef: intentsOf(customerId)[0].id });
  });

  it('retries a provider failure with the same idempotency key and charges once', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await giveCard(orgId, 'visa');
    stripe.failNext({ method: 'POST', path: '/v1/payment_intents' }, 2);
    await runCycleNow(engine, orgId);
    const cycle = await paidCycle(orgId);
    const requests = chargeRequests(customerId);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(requests.map((r) => r.idempotencyKey))).toEqual(new Set([`cycle:${orgId}:${cycle.cycleId}:1`]));
    expect(intentsOf(customerId)).toHaveLength(1);
  });

  it('moves a charge that keeps failing in the workflow task on to a regular activity (visible to ops), same key, one charge', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await giveCard(orgId, 'visa');
    stripe.failNext({ method: 'POST', path: '/v1/payment_intents' }, 4); // three local attempts, then the activity's first
    await runCycleNow(engine, orgId);
    const cycle = await paidCycle(orgId);
    const requests = chargeRequests(customerId);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 500, 500, 200]);
    expect(new Set(requests.map((r) => r.idempotencyKey))).toEqual(new Set([`cycle:${orgId}:${cycle.cycleId}:1`]));
    expect(intentsOf(customerId)).toHaveLength(1);
    const history = await engine.client.workflow.getHandle(billingWorkflowId(orgId)).fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'chargeCycle');
    expect(scheduled).toHaveLength(1);
  });

  it('after a decline, tells the customer, and charges the new card once the method changes (the declined intent cancelled)', async () => {
    const { orgId, key } = await engine.createOrganization({ plan: PLAN });
    const declined = await giveCard(orgId, 'declined');
    const status = await runCycleNow(engine, orgId);
    expect(status).toMatchObject({ state: 'past_due', debts: [expect.objectContaining({ lastOutcome: 'declined' })] });
    const [due] = await cycles(engine, orgId);
    const notice = await engine.models.OutboxEmail.findById(`payment-problem:${orgId}:${due.cycleId}:1`).lean();
    expect(notice!.subject).toMatch(/Payment of 60\.50 EUR for .* failed/);
    expect(notice!.text).toMatch(/Your card was declined\./);

    // The customer saves another card and makes it the default through the API, which tells the billing workflow.
    const replacement = await giveCard(orgId, 'mastercard');
    await engine.models.Organization.updateOne(
      { _id: orgId },
      { $set: { defaultPaymentMethodId: cardMethodId(declined.paymentMethodId) } },
    );
    const chosen = await engine.call('PUT', `/v1/organizations/${orgId}/payment-methods/default`, {
      key,
      body: { method: 'card', paymentMethodId: cardMethodId(replacement.paymentMethodId) },
    });
    expect(chosen.status).toBe(200);
    const paid = await paidCycle(orgId);
    expect(paid.attempts!.map((a) => a.outcome)).toEqual(['declined', 'paid']);
    expect(replacement.customerId).toBe(declined.customerId);
    expect(intentsOf(declined.customerId).map((pi) => [pi.payment_method, pi.status])).toEqual([
      [declined.paymentMethodId, 'canceled'],
      [replacement.paymentMethodId, 'succeeded'],
    ]);
    expect(chargeRequests(replacement.customerId).map((r) => r.idempotencyKey)).toEqual([
      `cycle:${orgId}:${paid.cycleId}:1`,
      `cycle:${orgId}:${paid.cycleId}:2`,
    ]);
  });

  it('asks the customer to authenticate, never creates a second intent meanwhile, and settles on the authenticated one', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await giveCard(orgId, 'authenticationRequired');
    expect((await runCycleNow(engine, orgId)).debts[0].lastOutcome).toBe('authentication_required');
    const [due] = await cycles(engine, orgId);
    const notice = await engine.models.OutboxEmail.findById(`payment-problem:${orgId}:${due.cycleId}:1`).lean();
    expect(notice!.subject).toMatch(/Action needed: confirm the payment/);
    expect(notice!.text).toContain(`https://billing.example.test/portal/billing/${due.cycleId}/confirm-payment`);

    // A retry while the customer has not acted yet: the intent is looked up, not duplicated.
    await methodChanged(orgId, 'card');
    await eventually(async () => (await cycles(engine, orgId))[0].attempts?.[1]?.outcome === 'authentication_required');
    expect(chargeRequests(customerId)).toHaveLength(1);

    // The customer completes 3-D Secure in the portal; the next retry finds the payment and takes nothing more.
    stripe.authenticatePaymentIntent(intentsOf(customerId)[0].id);
    await methodChanged(orgId, 'card');
    const paid = await paidCycle(orgId);
    expect(paid.attempts!.filter((a) => a.outcome === 'paid').map((a) => a.providerRef)).toEqual([intentsOf(customerId)[0].id]);
    expect(chargeRequests(customerId)).toHaveLength(1);
    expect(intentsOf(customerId).map((pi) => pi.status)).toEqual(['succeeded']);
  });

  it('sends requests stripe-mock accepts (its OpenAPI validation): the charge, and the lookup before a retry', async () => {
    const config = providerConfig(paypal, stripeMock());
    const activities = createActivities({ models: engine.models, config });
    const orgId = await createTestOrganization(engine.models, {
      plan: PLAN,
      defaultPaymentMethod: 'card',
      defaultPaymentMethodId: 'card_pm_mock',
      stripeCustomerId: 'cus_mock',
    });
    await engine.models.PaymentMethod.create({
      _id: 'card_pm_mock',
      orgId,
      kind: 'card',
      status: 'active',
      workflowId: 'test',
      card: { stripeCustomerId: 'cus_mock', paymentMethodId: 'pm_mock', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    });
    await engine.models.BillingCycle.create({
      _id: billingCycleKey(orgId, '2026-11'),
      orgId,
      cycleId: '2026-11',
      startsAt: new Date('2026-11-01'),
      endsAt: new Date('2026-12-01'),
      billedDays: 30,
      periodDays: 30,
      first: false,
      usageFrom: new Date(0),
      state: 'due',
      currency: 'EUR',
      totalMinor: TOTAL,
      subtotalMinor: 5000,
      vatMinor: 1050,
      lines: [],
      vat: [],
      closedAt: new Date(),
    });
    for (const attempt of [1, 2]) {
      const result = await activities.collectCycle({ orgId, cycleId: '2026-11', attempt, at: new Date().toISOString() });
      // stripe-mock answers with a fixture PaymentIntent whatever we send; a request it rejects would come back as a provider error.
      expect(result.outcome === 'paid' || result.error?.code?.startsWith('unexpected_status_')).toBe(true);
    }
    await engine.models.BillingCycle.deleteOne({ orgId });
    await engine.models.Organization.deleteOne({ _id: orgId });
  });
});

describe('PayPal', () => {
  it('charges the billing agreement with a PayPal-Request-Id per cycle and attempt, and issues the invoice', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const tokenId = await givePayPal(orgId);
    await runCycleNow(engine, orgId);
    const cycle = await paidCycle(orgId);
    expect(cycle).toMatchObject({
      paidWith: 'paypal',
      attempts: [expect.objectContaining({ outcome: 'paid', providerRef: expect.any(String), captureRef: expect.any(String) })],
    });
    const create = paypal.requests.find(
      (r) => r.method === 'POST' && r.path === '/v2/checkout/orders' && (r.body as any)?.purchase_units?.[0]?.custom_id === orgId,
    )!;
    expect(create.headers['paypal-request-id']).toBe(`cycle:${orgId}:${cycle.cycleId}:1:order`);
    expect(create.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ reference_id: cycle.cycleId, amount: { currency_code: 'EUR', value: '60.50' } }],
      payment_source: { paypal: { vault_id: tokenId } },
    });
    expect(paypal.orders.get(cycle.attempts![0].providerRef!)!.status).toBe('COMPLETED');
    expect(await outboxKeys(engine, orgId)).toContain(`final-invoice:${orgId}:${cycle.cycleId}`);
  });

  it('after a decline, retries with a new request id, looking the stored order up first', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    await givePayPal(orgId);
    paypal.declineNextCharge();
    expect((await runCycleNow(engine, orgId)).debts[0].lastOutcome).toBe('declined');
    await methodChanged(orgId, 'paypal');
    const cycle = await paidCycle(orgId);
    expect(cycle.attempts!.map((a) => a.outcome)).toEqual(['declined', 'paid']);
    const creates = paypal.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v2/checkout/orders' && (r.body as any)?.purchase_units?.[0]?.custom_id === orgId,
    );
    expect(creates.map((r) => r.headers['paypal-request-id'])).toEqual([
      `cycle:${orgId}:${cycle.cycleId}:1:order`,
      `cycle:${orgId}:${cycle.cycleId}:2:order`,
    ]);
  });
});
