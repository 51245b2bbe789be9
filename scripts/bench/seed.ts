/**
 * Bulk seeding for the benchmarks and the chaos run: organizations, their open billing cycles, their billing
 * workflows and open top-up orders, at the rate the database and Temporal take them rather than one HTTP
 * request at a time. What is written is what the engine writes: organization documents as the API creates
 * them, cycles as billing opens them, and top-up orders issued by their own running workflows (numbered
 * proforma, RF reference, PDF, e-mail), started as the API starts them. Only the HTTP layer is skipped (and
 * with it the organization.created event, which nothing seeded here reads).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startBilling } from '../../api/billing-client';
import { hashApiKey } from '../../api/middleware/auth';
import { newApiKey } from '../../api/routes/organizations';
import { startTopUpWorkflow } from '../../api/routes/top-ups';
import { type Config, loadConfig } from '../../config';
import { billingCycleKey } from '../../domain/billing-cycle';
import type { Plan } from '../../domain/charges';
import type { Models } from '../../models';
import { createOpenOrderList } from '../../models/top-up-order';
import { billingWorkflowId, type BillingCycleInput, type OpenCycle } from '../../workflows/definitions';
import { type BenchEngine, inParallel } from './harness';

export type PaymentMethodKind = 'prepaid' | 'card' | 'paypal';

/** Ids that sort in seeding order: `org_bench000042`. */
export const seededOrgIds = (label: string, count: number, width = 6) =>
  Array.from({ length: count }, (_, i) => `org_${label}${String(i).padStart(width, '0')}`);

/** EUR organizations at 21 % VAT named "<Label> Org <i>", billed at billing-<i>@<label>.example. */
export async function insertOrganizations(models: Models, orgIds: string[], { label, plan }: { label: string; plan: Plan }) {
  await models.Organization.insertMany(
    orgIds.map((_id, i) => ({
      _id,
      name: `${label} Org ${i}`,
      billingEmail: `billing-${i}@${label.toLowerCase()}.example`,
      currency: 'EUR',
      vatRateBp: 2100,
      plan,
    })),
  );
}

/** Each organization's record of `cycle`, open, as billing writes it when the cycle starts. */
export async function insertOpenCycles(models: Models, orgIds: string[], cycle: OpenCycle) {
  await models.BillingCycle.insertMany(
    orgIds.map((orgId) => ({
      _id: billingCycleKey(orgId, cycle.id),
      orgId,
      cycleId: cycle.id,
      startsAt: cycle.startsAt,
      endsAt: cycle.endsAt,
      billedDays: cycle.billedDays,
      periodDays: cycle.periodDays,
      first: cycle.first,
      usageFrom: cycle.usageFrom,
      state: 'open',
      currency: 'EUR',
    })),
  );
}

/** Billing workflows already inside `cycle` (warned of its end), each organization on its payment method. */
export async function startBillingInCycle(
  client: Client,
  taskQueue: string,
  orgs: { orgId: string; method: PaymentMethodKind }[],
  { cycle, settings, plan }: { cycle: OpenCycle; settings: BillingCycleInput['settings']; plan: Plan },
  concurrency = 50,
) {
  await inParallel(orgs, concurrency, ({ orgId, method }) =>
    client.workflow.start('billingCycleWorkflow', {
      workflowId: billingWorkflowId(orgId),
      taskQueue,
      args: [{ orgId, settings, cycle, profile: { currency: 'EUR', plan, vatRateBp: 2100, reverseCharge: false, method }, warned: true }],
    }),
  );
}

/** Billing from the start, as activation starts it (the configured settings, no cycle yet). */
export async function startBillingOnActivation(client: Client, config: Config, orgIds: string[], concurrency = 50) {
  await inParallel(orgIds, concurrency, (orgId) => startBilling(client, config, orgId));
}

export interface SeededTopUp {
  orgId: string;
  orderId: string;
  /** The RF creditor reference of the order's proforma. */
  reference: string;
  amountMinor: number;
}

/**
 * One open top-up order per request, each listed and then opened by its own topUpWorkflow with the input
 * POST /top-ups gives it, answered once the workflow has issued its proforma (the order document, number and
 * RF reference exist).
 */
export async function openTopUpOrders(
  { client, models }: { client: Client; models: Models },
  config: Config,
  requests: { orgId: string; amountMinor: number }[],
  concurrency = 50,
): Promise<SeededTopUp[]> {
  const orderList = createOpenOrderList(models);
  return inParallel(requests, concurrency, async ({ orgId, amountMinor }) => {
    const orderId = `top_${randomUUID().replace(/-/g, '')}`;
    await orderList.place(orgId, orderId); // as POST /top-ups does, so the portal's balance page finds it
    const proforma = await startTopUpWorkflow(client, config, { orderId, orgId, amountMinor, currency: 'EUR' });
    return { orgId, orderId, reference: proforma.paymentReference, amountMinor: proforma.amountMinor };
  });
}

/** An API key for each organization, stored as the API stores it (hashed); the keys in the organizations' order. */
export async function insertApiKeys(models: Models, orgIds: string[]): Promise<string[]> {
  const keys = orgIds.map(() => newApiKey());
  await models.ApiKey.insertMany(orgIds.map((orgId, i) => ({ _id: hashApiKey(keys[i]), orgId })));
  return keys;
}

const BENCH_PLAN: Plan = { setupFeeMinor: 5000, monthlyFeeMinor: 2500, usagePrices: [] };

/**
 * `count` organizations as POST /v1/organizations makes them (an API key each, billing started), each with
 * one open top-up order of 100.00 + i cents: what the credit, statement and read benchmarks start from.
 */
export async function seedOrdersWithTopUps(engine: BenchEngine, count: number) {
  const config = loadConfig(engine.env);
  const orgIds = seededOrgIds('bench', count);
  await insertOrganizations(engine.models, orgIds, { label: 'Bench', plan: BENCH_PLAN });
  const keys = await insertApiKeys(engine.models, orgIds);
  await startBillingOnActivation(engine.client, config, orgIds);
  const orders = await openTopUpOrders(
    engine,
    config,
    orgIds.map((orgId, i) => ({ orgId, amountMinor: 10000 + i })),
  );
  return orders.map((order, i) => ({ ...order, key: keys[i] }));
}
