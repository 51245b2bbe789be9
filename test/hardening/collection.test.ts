/**
 * Collecting a cycle by PayPal and card without a double charge or a false decline, through the real SDKs
 * against the PayPal fake (which refuses a second payment under a paid invoice id, as PayPal does) and
 * stripe-mock: an attempt whose order id was lost, PayPal's request-id memory expiring, a bill below Stripe's
 * minimum charge, a capture of another amount.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { stripeFailure } from '../../activities/stripe';
import { ProviderFailure } from '../../domain/payment-methods';
import { billingCycleKey } from '../../domain/billing-cycle';
import { saveDefaultPayPal } from '../helpers/billing';
import { createTestOrganization, providerActivitiesForThisFile } from '../helpers/payment-providers';

const { models, paypal, activities } = providerActivitiesForThisFile();

const TOTAL = 6050;
const HOUR = 60 * 60 * 1000;

/** An organization paying by PayPal with one due cycle of TOTAL. */
async function paypalOrgWithDueCycle() {
  const orgId = await createTestOrganization(models);
  const { tokenId, methodId } = await saveDefaultPayPal({ models }, paypal, orgId);
  const cycleId = await createDueCycle(orgId, TOTAL);
  return { orgId, cycleId, tokenId, methodId };
}

/** November 2026, closed and owing `totalMinor`, as the month-end close leaves it. */
async function createDueCycle(orgId: string, totalMinor: number): Promise<string> {
  const cycleId = '2026-11';
  await models.BillingCycle.create({
    _id: billingCycleKey(orgId, cycleId),
    orgId,
    cycleId,
    startsAt: new Date('2026-11-01'),
    endsAt: new Date('2026-12-01'),
    billedDays: 30,
    periodDays: 30,
    first: false,
    usageFrom: new Date('2026-11-01'),
    state: 'due',
    currency: 'EUR',
    closedAt: new Date('2026-12-01'),
    totalMinor,
  });
  return cycleId;
}

/** What a crash right after PayPal charged leaves behind: the order at PayPal, the attempt on record without it. */
async function chargedThenCrashed(org: Awaited<ReturnType<typeof paypalOrgWithDueCycle>>, startedAgoMs: number) {
  const requestKey = `cycle:${org.orgId}:${org.cycleId}:1`;
  await activities.capturePayPalPayment({
    orgId: org.orgId,
    cycleId: org.cycleId,
    paymentTokenId: org.tokenId,
    amountMinor: TOTAL,
    currency: 'EUR',
    requestId: requestKey,
  });
  await models.BillingCycle.updateOne(
    { _id: billingCycleKey(org.orgId, org.cycleId) },
    {
      $set: { attempts: [{ n: 1, method: 'paypal', methodId: org.methodId, startedAt: new Date(Date.now() - startedAgoMs), requestKey }] },
    },
  );
}

const ordersOf = (orgId: string) => [...paypal.orders.values()].filter((o) => (o.body.purchase_units as any[])[0].custom_id === orgId);

describe('PayPal', () => {
  it('sends one invoice id per cycle', async () => {
    const org = await paypalOrgWithDueCycle();
    const result = await activities.collectCycle({ orgId: org.orgId, cycleId: org.cycleId, attempt: 1, at: new Date().toISOString() });
    expect(result.outcome).toBe('paid');
    expect((ordersOf(org.orgId)[0].body.purchase_units as any[])[0].invoice_id).toBe(`cycle:${org.orgId}:${org.cycleId}`);
  });

  it('an attempt whose order id was lost is retried with its own request id while PayPal remembers it: one order', async () => {
    const org = await paypalOrgWithDueCycle();
    await chargedThenCrashed(org, 10 * 60_000);
    const result = await activities.collectCycle({ orgId: org.orgId, cycleId: org.cycleId, attempt: 2, at: new Date().toISOString() });
    expect(result).toMatchObject({ outcome: 'paid', reference: ordersOf(org.orgId)[0].id });
    expect(ordersOf(org.orgId)).toHaveLength(1);
  });

  it("past PayPal's request-id retention, that attempt goes to manual reconciliation instead of a new charge", async () => {
    const org = await paypalOrgWithDueCycle();
    await chargedThenCrashed(org, 4 * HOUR);
    paypal.forgetRequestIds();
    const result = await activities.collectCycle({ orgId: org.orgId, cycleId: org.cycleId, attempt: 2, at: new Date().toISOString() });
    expect(result).toMatchObject({ outcome: 'pending', error: { code: 'needs_reconciliation' } });
    expect(ordersOf(org.orgId)).toHaveLength(1);
    const cycle = await models.BillingCycle.findById(billingCycleKey(org.orgId, org.cycleId)).lean();
    expect(cycle?.state).toBe('due');
  });

  it('if the attempt left no trace at all, PayPal refusing the duplicate invoice id stops the second charge', async () => {
    const org = await paypalOrgWithDueCycle();
    await chargedThenCrashed(org, 0);
    await models.BillingCycle.updateOne({ _id: billingCycleKey(org.orgId, org.cycleId) }, { $set: { attempts: [] } });
    paypal.forgetRequestIds();
    const result = await activities.collectCycle({ orgId: org.orgId, cycleId: org.cycleId, attempt: 2, at: new Date().toISOString() });
    expect(result).toMatchObject({ outcome: 'pending', error: { code: 'needs_reconciliation' } });
    expect(ordersOf(org.orgId)).toHaveLength(1);
  });
});

describe('card', () => {
  it("a bill below Stripe's minimum charge is not a decline: nothing is sent to Stripe, the debt waits", async () => {
    const orgId = await createTestOrganization(models);
    const methodId = `card_${randomUUID()}`;
    await models.PaymentMethod.create({
      _id: methodId,
      orgId,
      kind: 'card',
      status: 'active',
      workflowId: 'test',
      card: { stripeCustomerId: 'cus_small', paymentMethodId: 'pm_small', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    });
    await models.Organization.updateOne({ _id: orgId }, { $set: { defaultPaymentMethod: 'card', defaultPaymentMethodId: methodId } });
    const cycleId = await createDueCycle(orgId, 30);
    const result = await activities.collectCycle({ orgId, cycleId, attempt: 1, at: new Date().toISOString() });
    expect(result).toMatchObject({ outcome: 'pending', error: { code: 'amount_below_minimum' } });
  });

  it("Stripe's amount_too_small answer is its own failure type, not a decline", () => {
    const error = Stripe.errors.StripeError.generate({
      type: 'invalid_request_error',
      code: 'amount_too_small',
      message: 'Amount must be at least €0.50 eur',
    } as never);
    expect(stripeFailure('charge', error)).toMatchObject({ type: ProviderFailure.BelowMinimum, nonRetryable: true });
  });
});
