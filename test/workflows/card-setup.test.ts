/**
 * The card set-up workflow on the dev server with its real activities, which call the stateful Stripe fake
 * through the real SDK. Stripe.js confirming in the browser is `stripe.confirmSetupIntent(…)`.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { createActivities } from '../../activities';
import type { Models } from '../../models';
import {
  cancelCardSetupUpdate,
  cardSetupEventSignal,
  cardSetupStartedUpdate,
  cardSetupStatusQuery,
  confirmCardSetupUpdate,
  searchAttributes,
  type CardSetupInput,
} from '../../workflows/definitions';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { testDatabase } from '../helpers/database';
import { eventually } from '../helpers/engine';
import { createTestOrganization, providerConfig } from '../helpers/payment-providers';
import { testClient, withWorker } from '../helpers/temporal';

let models: Models;
let drop: () => Promise<void>;
let paypal: FakePayPal;
let stripe: FakeStripe;
let client: Client;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  ({ models, drop } = await testDatabase());
  paypal = await startFakePayPal();
  stripe = await startFakeStripe();
  activities = createActivities({ models, config: providerConfig(paypal, stripe) });
  ({ client } = await testClient());
});
afterAll(async () => {
  await stripe.close();
  await paypal.close();
  await drop();
  await (await testClient()).close();
});

async function start(taskQueue: string, orgId: string, { setupTimeout = '1 hour', makeDefault = false } = {}) {
  const workflowId = `card-setup/${orgId}`;
  const input: CardSetupInput = { orgId, setupTimeout, makeDefault };
  const status = await client.workflow.executeUpdateWithStart(cardSetupStartedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation('cardSetupWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { handle: client.workflow.getHandle(workflowId), status };
}

/** Every string anywhere in a document, to prove no card number is stored. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

describe('cardSetupWorkflow', () => {
  it('webhook first: saves brand, last 4 and expiry, makes it the default if asked, e-mails once', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId, { makeDefault: true });
      expect(status).toMatchObject({
        state: 'awaiting_confirmation',
        setupIntentId: expect.stringMatching(/^seti_/),
        clientSecret: expect.stringContaining('_secret_'),
      });
      const event = stripe.confirmSetupIntent(status.setupIntentId!, 'visa');
      await handle.signal(cardSetupEventSignal, { setupIntentId: status.setupIntentId!, source: 'webhook', eventId: event.id });
      const result = await handle.result();
      const pmId = stripe.setupIntents.get(status.setupIntentId!)!.payment_method as string;
      expect(result).toMatchObject({
        state: 'active',
        method: { methodId: `card_${pmId}`, kind: 'card', isDefault: true, card: { brand: 'visa', last4: '4242', expMonth: 12 } },
      });
      expect(result).not.toHaveProperty('clientSecret'); // never in the workflow's stored result

      const saved = await models.PaymentMethod.findById(`card_${pmId}`).lean();
      expect(saved!.card).toMatchObject({
        paymentMethodId: pmId,
        stripeCustomerId: stripe.setupIntents.get(status.setupIntentId!)!.customer,
        brand: 'visa',
        last4: '4242',
      });
      // A card number would be a run of 13-19 digits of its own (spaces allowed); provider ids such as
      // pm_1795603012345 carry long digit runs too, so digits glued to an id prefix do not count.
      expect(strings(saved).some((s) => /(?<![A-Za-z0-9_])(?:\d[ ]?){13,19}(?![A-Za-z0-9])/.test(s))).toBe(false);
      // No billing workflow runs for it: the set-up recorded its default and its new Stripe customer itself.
      expect(await models.Organization.findById(orgId).lean()).toMatchObject({
        defaultPaymentMethod: 'card',
        defaultPaymentMethodId: `card_${pmId}`,
        stripeCustomerId: stripe.setupIntents.get(status.setupIntentId!)!.customer,
      });
      const emails = await models.OutboxEmail.find({ orgId }).lean();
      expect(emails.map((e) => e._id)).toEqual([`payment-method-added:card_${pmId}`]);
      expect(emails[0].text).toContain('VISA ending in 4242');
    });
  });

  it('confirm call: answers the saved card; the late webhook changes nothing', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      const event = stripe.confirmSetupIntent(status.setupIntentId!, 'mastercard');
      const confirmed = await handle.executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId: status.setupIntentId! }] });
      expect(confirmed).toMatchObject({ state: 'active', method: { card: { brand: 'mastercard', last4: '4444' }, isDefault: false } });
      await handle
        .signal(cardSetupEventSignal, { setupIntentId: status.setupIntentId!, source: 'webhook', eventId: event.id })
        .catch(() => undefined);
      expect((await handle.result()).state).toBe('active');
      expect(await models.PaymentMethod.countDocuments({ orgId })).toBe(1);
      expect(await models.OutboxEmail.countDocuments({ orgId })).toBe(1);
      expect((await models.Organization.findById(orgId).lean())!.defaultPaymentMethod).toBe('prepaid');
    });
  });

  it('setup failed: reports the decline and stays open for another card', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      stripe.confirmSetupIntent(status.setupIntentId!, 'declined');
      const failed = await handle.executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId: status.setupIntentId! }] });
      expect(failed).toMatchObject({
        state: 'awaiting_confirmation',
        failedAttempts: 1,
        lastSetupError: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
        clientSecret: status.clientSecret,
      });
      // Stripe's setup_intent.setup_failed webhook for the same failure counts once.
      await handle.signal(cardSetupEventSignal, { setupIntentId: status.setupIntentId!, source: 'webhook', eventId: 'evt_failed' });
      await eventually(async () => (await handle.query(cardSetupStatusQuery)).failedAttempts === 1);

      stripe.confirmSetupIntent(status.setupIntentId!, 'visa');
      const active = await handle.executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId: status.setupIntentId! }] });
      expect(active).toMatchObject({ state: 'active', method: { card: { last4: '4242' } } });
    });
  });

  it("refuses to confirm a SetupIntent that is not this set-up's", async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle } = await start(taskQueue, orgId);
      await expect(handle.executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId: 'seti_someoneelse' }] })).rejects.toMatchObject({
        cause: { type: 'NotFound' },
      });
      await handle.executeUpdate(cancelCardSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });

  it('cancelled: cancels the SetupIntent at Stripe so its client secret is spent', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      expect((await handle.describe()).typedSearchAttributes.get(searchAttributes.state)).toBe('awaiting_confirmation');
      const cancelled = await handle.executeUpdate(cancelCardSetupUpdate, { args: [{ by: 'customer', reason: 'changed my mind' }] });
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled).not.toHaveProperty('clientSecret');
      expect(stripe.setupIntents.get(status.setupIntentId!)).toMatchObject({
        status: 'canceled',
        cancellation_reason: 'requested_by_customer',
      });
      expect((await handle.result()).state).toBe('cancelled');
      const { typedSearchAttributes } = await handle.describe();
      expect([typedSearchAttributes.get(searchAttributes.orgId), typedSearchAttributes.get(searchAttributes.state)]).toEqual([
        orgId,
        'cancelled',
      ]);
    });
  });

  it('timed out: cancels an abandoned SetupIntent, but saves one confirmed at the last moment', async () => {
    const abandonedOrg = await createTestOrganization(models);
    const lastMomentOrg = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const abandoned = await start(taskQueue, abandonedOrg, { setupTimeout: '2 seconds' });
      const lastMoment = await start(taskQueue, lastMomentOrg, { setupTimeout: '2 seconds' });
      stripe.confirmSetupIntent(lastMoment.status.setupIntentId!, 'visa'); // no webhook, no confirm call

      expect((await abandoned.handle.result()).state).toBe('expired');
      expect(stripe.setupIntents.get(abandoned.status.setupIntentId!)).toMatchObject({
        status: 'canceled',
        cancellation_reason: 'abandoned',
      });
      expect((await lastMoment.handle.result()).state).toBe('active');
      expect(await models.PaymentMethod.countDocuments({ orgId: lastMomentOrg })).toBe(1);
    });
  });

  it("reuses the organization's Stripe customer, and a second start joins the pending attempt", async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const first = await start(taskQueue, orgId);
      const second = await start(taskQueue, orgId);
      expect(second.status.setupIntentId).toBe(first.status.setupIntentId);
      await first.handle.executeUpdate(cancelCardSetupUpdate, { args: [{ by: 'test', reason: 'again' }] });
      const third = await start(taskQueue, orgId);
      expect(third.status.setupIntentId).not.toBe(first.status.setupIntentId);
      const customers = [first, third].map((s) => stripe.setupIntents.get(s.status.setupIntentId!)!.customer);
      expect(customers[0]).toBe(customers[1]);
      expect([...stripe.customers.values()].filter((c) => c.metadata.orgId === orgId)).toHaveLength(1);
      await third.handle.executeUpdate(cancelCardSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });

  it('provider error retried: a Stripe 500 on the SetupIntent is retried with the same idempotency key', async () => {
    const orgId = await createTestOrganization(models);
    stripe.failNext({ method: 'POST', path: '/v1/setup_intents' });
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      expect(status.state).toBe('awaiting_confirmation');
      const attempts = stripe.requests.filter(
        (r) => r.method === 'POST' && r.path === '/v1/setup_intents' && (r.params.metadata as any)?.orgId === orgId,
      );
      expect(attempts.map((r) => r.status)).toEqual([500, 200]);
      expect(new Set(attempts.map((r) => r.idempotencyKey)).size).toBe(1);
      expect([...stripe.setupIntents.values()].filter((s) => s.metadata.orgId === orgId)).toHaveLength(1);
      await handle.executeUpdate(cancelCardSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });
});
