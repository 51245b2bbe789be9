/**
 * The worker is SIGKILLed twice in the middle of a cycle: once after Stripe took the card payment but
 * before the answer reached us, once after the final invoice was numbered but while its e-mail was being
 * sent. Restarted workers finish the cycle: one charge, one invoice, one e-mail, no gap in the numbers.
 *
 * The worker runs in its own process, and a proxy in front of each provider holds the answer of the first
 * matching request: that is the moment to kill (test/helpers/worker-process.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { cardMethodId } from '../../models/payment-method';
import { createStripeClient } from '../../providers/stripe';
import { checkBooks } from '../../scripts/check-books';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { startFakeResend, type FakeResend } from '../fakes/resend';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, chargedCycle, cycles, OPERATOR } from '../helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { providerOverrides } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';
import { holdingProxy, kill, spawnWorker, type HoldingProxy } from '../helpers/worker-process';

let stripe: FakeStripe;
let paypal: FakePayPal;
let resend: FakeResend;
let stripeProxy: HoldingProxy;
let resendProxy: HoldingProxy;
let engine: Engine;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  [stripe, paypal, resend] = await Promise.all([startFakeStripe(), startFakePayPal(), startFakeResend()]);
  stripeProxy = await holdingProxy(stripe.url, (method, url) => method === 'POST' && url.startsWith('/v1/payment_intents'));
  resendProxy = await holdingProxy(resend.url, (method, url) => method === 'POST' && url.startsWith('/emails'));
  engine = await startEngine(
    {
      ...BILLING_OVERRIDES,
      ...providerOverrides(paypal, { url: stripeProxy.url, secretKey: stripe.secretKey }),
      // A killed worker's activity is retried once this passes.
      BILLING_ACTIVITY_TIMEOUT: '3 seconds',
      RESEND_API_KEY: resend.apiKey,
    },
    { inProcessWorker: false },
  );
});
afterAll(async () => {
  await Promise.all(workers.map(kill));
  await engine.stop();
  await Promise.all([stripeProxy.close(), resendProxy.close(), stripe.close(), paypal.close(), resend.close()]);
  await (await testClient()).close();
});

it('survives kills mid-charge and mid-invoice: one charge, one invoice, one e-mail, no number gap', async () => {
  const env = { ...engine.workerEnv, RESEND_BASE_URL: resendProxy.url, WORKER_METRICS_PORT: '0', WORKER_HEALTH_PORT: '0' };
  workers.push(await spawnWorker(env));

  const { orgId } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
  const customer = await createStripeClient({ ...engine.config, STRIPE_API_BASE: stripe.url }).customers.create({ metadata: { orgId } });
  const card = stripe.attachCard(customer.id, 'visa');
  await engine.models.PaymentMethod.create({
    _id: cardMethodId(card.id),
    orgId,
    kind: 'card',
    status: 'active',
    workflowId: 'test',
    card: { stripeCustomerId: customer.id, paymentMethodId: card.id, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  });
  await engine.models.Organization.updateOne(
    { _id: orgId },
    { $set: { defaultPaymentMethod: 'card', defaultPaymentMethodId: cardMethodId(card.id), stripeCustomerId: customer.id } },
  );
  // Other e-mails (none expected before the invoice) would reach Resend through the proxy too.
  await eventually(async () => (await cycles(engine, orgId)).length === 1);

  const run = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
  expect(run.status).toBe(202); // the close is scheduled: the charge follows
  await stripeProxy.held; // Stripe charged the card; the worker is waiting for the answer
  await kill(workers[0]);
  expect([...stripe.paymentIntents.values()].map((pi) => pi.status)).toEqual(['succeeded']);

  workers.push(await spawnWorker(env));
  await resendProxy.held; // the invoice is numbered, its PDF stored; Resend accepted the e-mail, the answer is held
  await kill(workers[1]);
  // The invoice is numbered (with its PDF) but the cycle does not say so yet: it is written with the payment, after the e-mail.
  const [numbered] = await cycles(engine, orgId);
  expect(numbered).toMatchObject({ state: 'due' });
  const taken = (await engine.models.Invoice.findOne({ key: `final:${orgId}:${numbered.cycleId}` }, { pdf: 0 }).lean())!;
  expect(taken.number).toMatch(/^INV-/);

  workers.push(await spawnWorker(env));
  const status = await eventually(() => chargedCycle(engine, orgId, run.json.chargingCycleId), { timeoutMs: 60_000 });
  expect(status).toMatchObject({ state: 'active', amountDueMinor: 0 });
  await eventually(async () => (await engine.models.OutboxEmail.findById(`final-invoice:${orgId}:${numbered.cycleId}`).lean())?.sentAt);

  // One charge: the retry found the payment at Stripe (by the cycle's metadata) instead of charging again.
  expect([...stripe.paymentIntents.values()].filter((pi) => pi.customer === customer.id)).toHaveLength(1);
  expect(stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents')).toHaveLength(1);
  const [paid] = await cycles(engine, orgId);
  expect(paid.attempts).toHaveLength(1);
  expect(paid.attempts![0]).toMatchObject({ outcome: 'paid', providerRef: [...stripe.paymentIntents.keys()][0] });
  // One invoice, under the number taken before the second kill, and one e-mail (Resend deduplicated the retry by its key).
  expect(await engine.models.Invoice.countDocuments({ orgId })).toBe(1);
  expect(paid).toMatchObject({ state: 'paid', invoiceNumber: taken.number });
  expect(resend.emails.filter((e) => e.idempotencyKey === `final-invoice:${orgId}:${paid.cycleId}`)).toHaveLength(1);
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
}, 90_000);
