/**
 * The billing workflow is the one writer of its organization after creation: the default payment method and
 * the profile change through its Update (or, from a set-up, its signal), validated by the workflow and
 * recorded by its activity. Also: "run now" answers as soon as the close is scheduled, and a bill that cannot
 * be computed parks the cycle for ops instead of retrying for ever.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { checkBooks } from '../../scripts/check-books';
import {
  billingWorkflowId,
  paymentMethodChangedSignal,
  retryCollectionUpdate,
  searchAttributes,
  setDefaultPaymentMethodUpdate,
  stripeCustomerCreatedSignal,
  updateOrganizationUpdate,
} from '../../workflows/definitions';
import { usageRecordId } from '../../models/usage-record';
import { BILLING_OVERRIDES, billingStatus, chargedCycle, cycles, OPERATOR, topUp } from '../helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { testClient } from '../helpers/temporal';

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({ ...BILLING_OVERRIDES, BILLING_USAGE_SETTLE: '20 seconds' });
});
afterAll(async () => {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await engine.stop();
  await (await testClient()).close();
});

const handle = (orgId: string) => engine.client.workflow.getHandle(billingWorkflowId(orgId));
const organization = (orgId: string) => engine.models.Organization.findById(orgId).lean();

/** The refusal an Update answered: its failure type and message. */
async function refusal(update: Promise<unknown>): Promise<{ type?: string; message: string }> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return { type: (cause as ApplicationFailure).type ?? undefined, message: (cause as ApplicationFailure).message };
}

async function savedCard(orgId: string, status: 'active' | 'removed' = 'active'): Promise<string> {
  const _id = `card_pm_${orgId}_${status}`;
  await engine.models.PaymentMethod.create({
    _id,
    orgId,
    kind: 'card',
    status,
    workflowId: 'test',
    card: { stripeCustomerId: 'cus_test', paymentMethodId: `pm_${status}`, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  });
  return _id;
}

describe('the organization, written by its billing workflow', () => {
  it('records the default payment method asked by Update or by a set-up signal, and refuses one that is not usable', async () => {
    const { orgId } = await engine.createOrganization();
    const other = await engine.createOrganization();
    const card = await savedCard(orgId);
    const removed = await savedCard(orgId, 'removed');
    const othersCard = await savedCard(other.orgId);

    const status = await handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'card', methodId: card }] });
    expect(status.method).toBe('card');
    expect(await organization(orgId)).toMatchObject({ defaultPaymentMethod: 'card', defaultPaymentMethodId: card });

    const refused = [
      await refusal(handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'card', methodId: othersCard }] })),
      await refusal(handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'card', methodId: removed }] })),
      await refusal(handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'paypal', methodId: card }] })),
      await refusal(handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'prepaid', methodId: card }] })),
      await refusal(handle(orgId).executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'cheque' as never }] })),
    ];
    expect(refused.map((r) => r.type)).toEqual(['NotFound', 'Conflict', 'InvalidInput', 'InvalidInput', 'InvalidInput']);
    expect(refused.slice(0, 4).every((r) => r.message.startsWith('paymentMethodId:'))).toBe(true);
    expect(refused[4].message).toMatch(/^method:/);
    expect(await organization(orgId)).toMatchObject({ defaultPaymentMethod: 'card', defaultPaymentMethodId: card });

    // A removed method's fallback to prepaid changes nothing once another method is the default; the card
    // set-up's Stripe customer is kept, the first one only. (The profile Update answers once those before it are recorded.)
    await handle(orgId).signal(paymentMethodChangedSignal, { method: 'prepaid', replacing: removed });
    await handle(orgId).signal(stripeCustomerCreatedSignal, { customerId: 'cus_first' });
    await handle(orgId).signal(stripeCustomerCreatedSignal, { customerId: 'cus_second' });
    await handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{ name: 'Acme after the signals' }] });
    expect(await organization(orgId)).toMatchObject({
      defaultPaymentMethod: 'card',
      defaultPaymentMethodId: card,
      stripeCustomerId: 'cus_first',
    });

    // A set-up (or a removed default's fallback) tells billing by signal; billing records it.
    await handle(orgId).signal(paymentMethodChangedSignal, { method: 'prepaid', replacing: card });
    await eventually(async () => (await organization(orgId))?.defaultPaymentMethod === 'prepaid');
    expect((await organization(orgId))?.defaultPaymentMethodId).toBeUndefined();
    expect((await billingStatus(engine, orgId)).method).toBe('prepaid');

    const { events } = await handle(orgId).fetchHistory();
    const activities = (events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    // The first change, the three refused by the organization's records (not by the validator), the four signals', the profile's.
    expect(activities.filter((name) => name === 'recordOrganizationChange')).toHaveLength(9);
  });

  it("records the API's choice of default through the billing workflow's Update", async () => {
    const { orgId, key } = await engine.createOrganization();
    const card = await savedCard(orgId);
    const chosen = await engine.call('PUT', `/v1/organizations/${orgId}/payment-methods/default`, { key, body: { method: 'card' } });
    expect(chosen.json).toMatchObject({ default: 'card', defaultPaymentMethodId: card });
    expect(await organization(orgId)).toMatchObject({ defaultPaymentMethod: 'card', defaultPaymentMethodId: card });
    const { events } = await handle(orgId).fetchHistory();
    const updates = (events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name);
    expect(updates).toContain('setDefaultPaymentMethod');
  });

  it('changes the profile through the workflow, and refuses a bad field before anything is recorded', async () => {
    const { orgId } = await engine.createOrganization();
    await handle(orgId).executeUpdate(updateOrganizationUpdate, {
      args: [{ name: 'Acme Europe', billingEmail: 'accounts@acme.test', timeZone: 'Europe/Paris', address: '1 rue de la Paix' }],
    });
    expect(await organization(orgId)).toMatchObject({
      name: 'Acme Europe',
      billingEmail: 'accounts@acme.test',
      timeZone: 'Europe/Paris',
      address: '1 rue de la Paix',
    });

    const refused = [
      await refusal(handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{ timeZone: 'Mars/Olympus_Mons' }] })),
      await refusal(handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{ billingEmail: 'not an address' }] })),
      await refusal(handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{ name: ' ' }] })),
      await refusal(handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{ plan: {} } as never] })),
      await refusal(handle(orgId).executeUpdate(updateOrganizationUpdate, { args: [{}] })),
    ];
    expect(refused.map((r) => r.type)).toEqual(Array(5).fill('InvalidInput'));
    expect(refused.slice(0, 4).map((r) => r.message.split(':')[0])).toEqual(['timeZone', 'billingEmail', 'name', 'plan']);
    expect(await organization(orgId)).toMatchObject({ name: 'Acme Europe', timeZone: 'Europe/Paris' });
    // Refused in the validator: nothing reached the history.
    const { events } = await handle(orgId).fetchHistory();
    expect((events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
  });

  it('no module but the billing workflow activities writes an organization after creating it, nor a billing cycle', () => {
    const root = path.join(__dirname, '../..');
    const writes =
      /\b(Organization|BillingCycle)\s*\.\s*(updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|replaceOne|bulkWrite|deleteOne|deleteMany|create|insertMany)\b/g;
    const groupedWrites = /\b(insertGrouped|updateGroupedById)\s*\(\s*(?:[\w.]+\.)?(Organization|BillingCycle)\b/g;
    const found: string[] = [];
    for (const dir of ['activities', 'api', 'workflows', 'scripts', 'worker', 'domain', 'models']) {
      for (const file of readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(path.join(root, dir, file), 'utf8');
        for (const match of text.matchAll(writes)) found.push(`${dir}/${file}: ${match[1]}.${match[2]}`);
        // Through the group commit of models/group-write.ts: `updateGroupedById(models.BillingCycle, …)`.
        for (const match of text.matchAll(groupedWrites)) found.push(`${dir}/${file}: ${match[2]}.${match[1]}`);
      }
    }
    const organizationWriters = new Set(found.filter((w) => w.includes(': Organization.')).map((w) => w.split(':')[0]));
    const cycleWriters = new Set(found.filter((w) => w.includes(': BillingCycle.')).map((w) => w.split(':')[0]));
    expect([...cycleWriters].sort()).toEqual([
      'activities/billing-cycles.ts',
      'activities/billing-operator-actions.ts',
      'activities/charge-cycle.ts',
      'activities/cycle-collection.ts',
      'activities/disputes.ts',
      'activities/final-invoice.ts',
      'scripts/bench/seed.ts', // seeds its organizations' cycles
    ]);
    // The API creates organizations (its one write); the benchmark seeds them; the rest is the workflow's.
    for (const writer of ['activities/organization.ts', 'api/routes/organizations.ts']) expect(organizationWriters).toContain(writer);
    const others = [...organizationWriters].filter(
      (w) => !['activities/organization.ts', 'api/routes/organizations.ts', 'scripts/bench/seed.ts'].includes(w),
    );
    expect(others).toEqual([]);
  });
});

describe('"run now" and a bill that cannot be computed', () => {
  it('answers as soon as the close is scheduled (202 with where to follow it), long before the usage settles', async () => {
    const { orgId, key } = await engine.createOrganization();
    await topUp(engine, orgId, key, 50000);
    const { cycle } = await billingStatus(engine, orgId);
    const started = Date.now();
    const response = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
    expect(Date.now() - started).toBeLessThan(5000); // the usage settle time is 20 s
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({
      chargingCycleId: cycle!.id,
      workflowId: billingWorkflowId(orgId),
      follow: { cycle: `/v1/organizations/${orgId}/billing/cycles/${encodeURIComponent(cycle!.id)}` },
    });
    // A second request while the close is scheduled changes nothing and answers as quickly.
    const again = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
    expect(again.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(8000);

    const charged = await eventually(() => chargedCycle(engine, orgId, cycle!.id), { timeoutMs: 60_000 });
    expect(charged).toMatchObject({ state: 'active', amountDueMinor: 0, cyclesBilled: 1 });
    const followed = await engine.call('GET', response.json.follow.cycle, { key });
    expect(followed.json).toMatchObject({ state: 'paid', invoice: { number: expect.stringMatching(/^INV-/) } });
  }, 90_000);

  it('parks a cycle whose bill overflows (visible to ops), and closes it once ops fixed the usage and retried', async () => {
    const { orgId } = await engine.createOrganization();
    // Past any cap the API puts on a report: written straight to the collection, as a bad import could.
    const _id = usageRecordId(orgId, 'huge');
    const huge = { _id, orgId, usageId: 'huge', metric: 'seats', quantity: Number.MAX_SAFE_INTEGER, receivedAt: new Date() };
    await engine.models.UsageRecord.create(huge);
    const { cycle } = await eventually(async () => {
      const status = await billingStatus(engine, orgId);
      return status.cycle && status;
    });
    const run = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
    expect(run.status).toBe(202);

    const parked = await eventually(
      async () => {
        const status = await billingStatus(engine, orgId);
        return status.parked && status;
      },
      { timeoutMs: 60_000 },
    );
    expect(parked).toMatchObject({ state: 'parked', parked: { cycleId: cycle!.id, reason: expect.stringMatching(/cannot be computed/) } });
    await eventually(async () => (await handle(orgId).describe()).typedSearchAttributes.get(searchAttributes.state) === 'parked');
    const { raw } = await handle(orgId).describe();
    expect(raw.pendingActivities ?? []).toEqual([]); // parked, not retrying
    expect((await cycles(engine, orgId))[0].state).toBe('open');
    const again = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
    expect(again.status).toBe(409);

    await engine.models.UsageRecord.updateOne({ _id }, { $set: { quantity: 3 } }); // ops corrected the import
    const retried = await handle(orgId).executeUpdate(retryCollectionUpdate, { args: [OPERATOR] });
    expect(retried.parked).toBeUndefined();
    const [closed] = await cycles(engine, orgId);
    expect(closed).toMatchObject({ cycleId: cycle!.id, state: 'due' });
    expect(closed.usage).toEqual([{ metric: 'seats', quantity: 3 }]);
  }, 90_000);
});
