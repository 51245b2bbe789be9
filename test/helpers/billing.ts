/** Shared by the billing-cycle tests (test/billing/*): fast settings, top-ups through the bank API, lookups. */
import { randomUUID } from 'node:crypto';
import type { BillingCycleRecord } from '../../models/billing-cycle';
import { cardMethodId, paypalMethodId } from '../../models/payment-method';
import { createStripeClient } from '../../providers/stripe';
import { checkBooks } from '../../scripts/check-books';
import type { FakePayPal } from '../fakes/paypal';
import type { FakeStripe, TestCard } from '../fakes/stripe';
import { billingWorkflowId, billingStatusQuery, type BillingStatus } from '../../workflows/definitions';
import { bankCredit } from './api-client';
import { ADMIN_KEY, eventually, type Engine } from './engine';

/**
 * Billing starts with each organization; cycles are an hour long, so nothing closes by itself during a
 * test: tests close them with the admin "run now" route (or choose a shorter BILLING_CYCLE).
 */
export const BILLING_OVERRIDES = {
  BILLING_START_ON_ACTIVATION: 'true',
  BILLING_CYCLE: '1 hour',
  BILLING_WARN_BEFORE: '1 minute',
  BILLING_USAGE_SETTLE: '0s',
  BILLING_DUNNING: '1 hour,2 hours',
  BILLING_SUSPENDED_RETRY: '1 day',
  BILLING_ACTIVITY_TIMEOUT: '10 seconds',
};

export const OPERATOR = { by: 'test@ops', reason: 'billing test' };

/** After a file's tests (beforeStop): every check of the books passes. */
export async function expectBooksToBalance(engine: Pick<Engine, 'models'>): Promise<void> {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
}

/**
 * Orders a top-up and reports its bank credit; resolves once the ledger has it (not the balance: a billing
 * workflow waiting for funds may take them at once).
 */
export async function topUp(
  engine: Pick<Engine, 'models' | 'call' | 'reportCredits' | 'client'>,
  orgId: string,
  key: string,
  amountMinor: number,
): Promise<void> {
  const order = await orderTopUp(engine, { orgId, key }, amountMinor);
  const bankTxId = `tx-${randomUUID()}`;
  const report = await engine.reportCredits([bankCredit(bankTxId, amountMinor, order.paymentReference)]);
  if (report.status !== 200) throw new Error(`bank credit: ${report.status} ${report.text}`);
  await eventually(async () => engine.models.LedgerEntry.exists({ key: `bank-credit:${bankTxId}` }));
  // The order is paid in full, so its workflow ends once done with the credit (telling billing included).
  await engine.client.workflow.getHandle(order.workflowId).result();
}

/** A top-up ordered through the API, as the API answers it. */
export async function orderTopUp(
  engine: Pick<Engine, 'call'>,
  { orgId, key }: { orgId: string; key: string },
  amountMinor: number,
): Promise<{ orderId: string; workflowId: string; paymentReference: string }> {
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor, currency: 'EUR' } });
  if (order.status !== 201) throw new Error(`top-up: ${order.status} ${order.text}`);
  return order.json;
}

/** Ops' "run now": answered 202 once the close is scheduled; resolves with the status once the cycle is charged. */
export async function runCycleNow(engine: Pick<Engine, 'call' | 'client'>, orgId: string): Promise<BillingStatus & { workflowId: string }> {
  const response = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
  if (response.status !== 202) throw new Error(`run now: ${response.status} ${response.text}`);
  const { chargingCycleId, workflowId } = response.json as { chargingCycleId: string; workflowId: string };
  return { ...(await chargedCycle(engine, orgId, chargingCycleId)), workflowId };
}

/** The billing status once `cycleId` is closed and its collection is over. */
export async function chargedCycle(engine: Pick<Engine, 'client'>, orgId: string, cycleId: string): Promise<BillingStatus> {
  return eventually(async () => {
    const status = await billingStatus(engine, orgId);
    return status.cycle?.id !== cycleId && status.state !== 'collecting' && status;
  });
}

export const billingStatus = (engine: Pick<Engine, 'client'>, orgId: string) =>
  engine.client.workflow.getHandle(billingWorkflowId(orgId)).query(billingStatusQuery);

export async function cycles(engine: Pick<Engine, 'models'>, orgId: string): Promise<BillingCycleRecord[]> {
  return engine.models.BillingCycle.find({ orgId }).sort({ startsAt: 1 }).lean<BillingCycleRecord[]>();
}

export async function outboxKeys(engine: Pick<Engine, 'models'>, orgId: string): Promise<string[]> {
  const emails = await engine.models.OutboxEmail.find({ orgId }, { _id: 1 }).lean();
  return emails.map((e) => e._id).sort();
}

/** A saved card (as a succeeded set-up leaves it, issue 3) made the organization's default, at the Stripe fake. */
export async function saveDefaultCard(
  engine: Pick<Engine, 'models' | 'config'>,
  stripe: FakeStripe,
  orgId: string,
  card: TestCard,
): Promise<{ customerId: string; paymentMethodId: string }> {
  // One Stripe customer per organization, reused by every later card (as ensureStripeCustomer does).
  const existing = (await engine.models.Organization.findById(orgId, { stripeCustomerId: 1 }).lean())?.stripeCustomerId;
  const customer = existing ? { id: existing } : await createStripeClient(engine.config).customers.create({ metadata: { orgId } });
  const method = stripe.attachCard(customer.id, card);
  const _id = cardMethodId(method.id);
  await engine.models.PaymentMethod.create({
    _id,
    orgId,
    kind: 'card',
    status: 'active',
    workflowId: 'test',
    card: {
      stripeCustomerId: customer.id,
      paymentMethodId: method.id,
      brand: 'visa',
      last4: method.card?.last4 ?? '4242',
      expMonth: 12,
      expYear: 2030,
    },
  });
  await engine.models.Organization.updateOne(
    { _id: orgId },
    { $set: { defaultPaymentMethod: 'card', defaultPaymentMethodId: _id, stripeCustomerId: customer.id } },
  );
  return { customerId: customer.id, paymentMethodId: method.id };
}

/** A vaulted PayPal payment token (as an approved billing agreement leaves it) made the organization's default. */
export async function saveDefaultPayPal(
  engine: Pick<Engine, 'models'>,
  paypal: FakePayPal,
  orgId: string,
): Promise<{ tokenId: string; methodId: string }> {
  const tokenId = `PT-${randomUUID().slice(0, 8).toUpperCase()}`;
  paypal.paymentTokens.set(tokenId, {
    id: tokenId,
    customer: { id: `CUST-${tokenId}`, merchant_customer_id: orgId },
    paypal: { email_address: 'payer@acme.test', payer_id: 'PAYER1' },
    deleted: false,
  });
  const methodId = paypalMethodId(tokenId);
  await engine.models.PaymentMethod.create({
    _id: methodId,
    orgId,
    kind: 'paypal',
    status: 'active',
    workflowId: 'test',
    paypal: { paymentTokenId: tokenId, payerEmail: 'payer@acme.test' },
  });
  await engine.models.Organization.updateOne(
    { _id: orgId },
    { $set: { defaultPaymentMethod: 'paypal', defaultPaymentMethodId: methodId } },
  );
  return { tokenId, methodId };
}
