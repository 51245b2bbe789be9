/**
 * The worker is SIGKILLed after Stripe made a card refund but before the answer reached it. The restarted
 * worker retries the refund with the same key (derived from the credit note), Stripe answers the first
 * refund again, and the refund is recorded once: one refund at Stripe, one succeeded record.
 */
import { checkBooks } from '../../scripts/check-books';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES } from '../helpers/billing';
import { startEngine, type Engine } from '../helpers/engine';
import { providerOverrides } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';
import { holdingProxy, kill, killSpawnedWorkers, spawnWorker, type HoldingProxy } from '../helpers/worker-process';
import { cardInvoice, issueCreditNote, settledRefund } from './helpers';

let stripe: FakeStripe;
let paypal: FakePayPal;
let stripeProxy: HoldingProxy;
let engine: Engine;

beforeAll(async () => {
  [stripe, paypal] = await Promise.all([startFakeStripe(), startFakePayPal()]);
  stripeProxy = await holdingProxy(stripe.url, (method, url) => method === 'POST' && url.startsWith('/v1/refunds'));
  engine = await startEngine(
    {
      ...BILLING_OVERRIDES,
      ...providerOverrides(paypal, { url: stripeProxy.url, secretKey: stripe.secretKey }),
      // A killed worker's activity is retried once this passes.
      BILLING_ACTIVITY_TIMEOUT: '3 seconds',
    },
    { inProcessWorker: false },
  );
});
// First the worker processes, which outlive the test run when left (also the one still starting when a test
// timed out); then what lives in this process, each only if beforeAll got as far as starting it.
afterAll(async () => {
  await killSpawnedWorkers();
  await engine?.stop();
  await Promise.all([stripeProxy?.close(), stripe?.close(), paypal?.close()]);
  await (await testClient()).close();
});

it('refunds once when the worker dies between Stripe refunding and the answer', async () => {
  const env = { ...engine.workerEnv, WORKER_METRICS_PORT: '0', WORKER_HEALTH_PORT: '0' };
  const first = await spawnWorker(env);
  const { invoice, intent } = await cardInvoice(engine, stripe);

  const issued = await issueCreditNote(engine, invoice.number, { reason: 'cancelled service', refund: { to: 'payment' } });
  expect(issued.status).toBe(200);
  const number = issued.json.creditNote.number as string;
  await stripeProxy.held; // Stripe refunded; the worker is waiting for the answer
  await kill(first);
  expect([...stripe.refunds.values()].map((r) => r.amount)).toEqual([invoice.totalMinor]);
  expect((await engine.models.Refund.findById(`refund:${number}:1`).lean())?.status).toBe('pending');

  await spawnWorker(env);
  const refund = await settledRefund(engine, number);
  expect(refund).toMatchObject({ status: 'succeeded', amountMinor: invoice.totalMinor, paymentRef: intent.id });
  const calls = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
  expect(calls.map((r) => [r.idempotencyKey, r.replayed ?? false])).toEqual([
    [`refund:${number}:1`, false],
    [`refund:${number}:1`, true],
  ]);
  expect(stripe.refunds.size).toBe(1);
  expect(refund!.providerRef).toBe([...stripe.refunds.keys()][0]);
  expect(await engine.models.Refund.countDocuments({ creditNoteNumber: number })).toBe(1);
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
}, 90_000);
