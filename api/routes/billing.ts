/**
 * The monthly billing cycle as the organization sees it: usage reports, the current cycle's estimate, the
 * cycles and their final invoices. Ops actions on the billing workflow are in billing-operations.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { billingCycleKey } from '../../domain/billing-cycle';
import { computeCycleCharges, usageRefusal } from '../../domain/charges';
import { FailureType } from '../../domain/errors';
import { vatTreatment } from '../../domain/vat';
import type { BillingCycleRecord } from '../../models/billing-cycle';
import { readLedgerHead } from '../../models/ledger-entry';
import { usageRecordId } from '../../models/usage-record';
import { usageBetween } from '../../activities/billing-cycles';
import { billingStatusOf } from '../billing-client';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { requireOrganizationAccess } from '../middleware/auth';
import { createRouter } from '../router';
import { ListQuery, listOf, listPage } from '../pagination';
import { errorResponses, IdempotencyHeader, OrgIdParam } from '../schemas';
import type { AppDeps } from '../types';
import {
  body,
  CycleDetailSchema,
  CycleParams,
  CycleSchema,
  EstimateSchema,
  iso,
  json,
  toCycle,
  UsageRecordSchema,
  UsageReportSchema,
} from './billing.schemas';
import { isDuplicateKey } from '../../models/duplicate-key';

/** Usage recorded before the limits existed may still be too large to bill: the estimate says so (422), not 500. */
function estimateOrRefuse<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if ((error as { type?: string }).type !== FailureType.AmountOverflow) throw error;
    throw new ApiError(422, 'amount_overflow', `the cycle cannot be billed: ${(error as Error).message}; ops must correct its usage`);
  }
}

export function billingRoutes({ models, config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/organizations/:orgId/*', requireOrganizationAccess);

  async function findOrganization(orgId: string) {
    const org = await models.Organization.findById(orgId).lean();
    if (!org) throw notFound('organization');
    return org;
  }

  /**
   * The open cycle and what is owed. While the billing workflow runs, its state is the truth: the debt is
   * its word and the open cycle is read by the id it names. Without an answer (no billing workflow, or no
   * worker within the query's deadline), the cycle records it wrote say the same.
   */
  async function openCycleAndDebt(orgId: string) {
    const status = await billingStatusOf(temporal, orgId);
    if (status?.cycle) {
      const open = await models.BillingCycle.findById(billingCycleKey(orgId, status.cycle.id)).lean<BillingCycleRecord>();
      if (open?.state === 'open') return { open, amountDueMinor: status.amountDueMinor, status };
    }
    const cycles = await models.BillingCycle.find({ orgId, state: { $in: ['open', 'due'] } })
      .sort({ startsAt: -1 })
      .lean<BillingCycleRecord[]>();
    const recordedDebt = cycles.filter((cycle) => cycle.state === 'due').reduce((total, cycle) => total + (cycle.totalMinor ?? 0), 0);
    return { open: cycles.find((cycle) => cycle.state === 'open'), amountDueMinor: status?.amountDueMinor ?? recordedDebt, status };
  }

  // ---- usage ----

  /**
   * Caps usage per metric and cycle (domain/charges.ts USAGE_LIMITS), counting what the open cycle has
   * received so far, so no cycle can reach an amount too large to bill. Without an open cycle (billing not
   * started yet), everything received so far counts.
   */
  async function refuseUsageBeyondLimits(
    orgId: string,
    prices: readonly { metric: string; unitPriceMinor: number }[],
    metric: string,
    quantity: number,
  ): Promise<void> {
    const open = await models.BillingCycle.findOne({ orgId, state: 'open' }, { usageFrom: 1 }).lean<{ usageFrom: Date }>();
    const soFar = (await usageBetween(models, orgId, open?.usageFrom ?? new Date(0), new Date(Date.now() + 1)))[metric] ?? 0;
    const unitPriceMinor = prices.find((price) => price.metric === metric)!.unitPriceMinor;
    const refusal = usageRefusal(soFar, quantity, unitPriceMinor);
    if (refusal) throw new ApiError(422, 'usage_limit', `quantity: ${refusal}`, [{ field: 'quantity', message: refusal }]);
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/usage',
      tags: ['Billing'],
      summary: "Report usage (seats, minutes…), billed at the plan's prices in the cycle during which we receive it",
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: body(UsageReportSchema) },
      responses: {
        201: json(UsageRecordSchema, 'Recorded'),
        200: json(UsageRecordSchema, 'Already recorded under this usageId (a retry): nothing changed'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const report = c.req.valid('json');
      const org = await findOrganization(orgId);
      if (org.status === 'cancelled') throw conflict('the organization is cancelled');
      if (!org.plan.usagePrices.some((price: { metric: string }) => price.metric === report.metric)) {
        const known = org.plan.usagePrices.map((price: { metric: string }) => price.metric).join(', ') || 'none';
        throw invalid([{ field: 'metric', message: `not a metric of the organization's plan (${known})` }]);
      }
      await refuseUsageBeyondLimits(orgId, org.plan.usagePrices, report.metric, report.quantity);
      const record = {
        _id: usageRecordId(orgId, report.usageId),
        orgId,
        usageId: report.usageId,
        metric: report.metric,
        quantity: report.quantity,
        ...(report.occurredAt ? { occurredAt: new Date(report.occurredAt) } : {}),
        receivedAt: new Date(),
      };
      const dto = (r: typeof record) => ({
        usageId: r.usageId,
        metric: r.metric,
        quantity: r.quantity,
        ...(r.occurredAt ? { occurredAt: r.occurredAt.toISOString() } : {}),
        receivedAt: r.receivedAt.toISOString(),
        cycleNote: 'billed with the cycle open when it was received',
      });
      try {
        await models.UsageRecord.create(record);
        return c.json(dto(record), 201);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // The insert collided on the id: a retry of the same report, or the id reused for another one.
      const existing = await models.UsageRecord.findById(record._id).lean();
      const same =
        existing &&
        existing.metric === report.metric &&
        existing.quantity === report.quantity &&
        iso(existing.occurredAt) === iso(record.occurredAt);
      if (!existing || !same)
        throw new ApiError(409, 'conflict', `usageId ${report.usageId} was already used for another report`, [
          { field: 'usageId', message: 'already used with other values' },
        ]);
      return c.json(
        dto({ ...record, receivedAt: existing.receivedAt, ...(existing.occurredAt ? { occurredAt: existing.occurredAt } : {}) }),
        200,
      );
    },
  );

  // ---- estimate and cycles ----

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/billing/estimate',
      tags: ['Billing'],
      summary: "The current cycle so far: its fees and the usage received, at today's plan and VAT",
      request: { params: OrgIdParam },
      responses: { 200: json(EstimateSchema, 'Estimate'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const org = await findOrganization(orgId);
      const { open, amountDueMinor, status } = await openCycleAndDebt(orgId);
      if (!open) throw notFound('open billing cycle (billing has not started, or has ended)');
      const treatment = vatTreatment({ vatRateBp: org.vatRateBp, buyerVatId: org.vatId, sellerVatId: config.SELLER_VAT_ID });
      const usage = org.plan.usagePrices.length > 0 ? await usageBetween(models, orgId, open.usageFrom, new Date()) : {};
      const totals = estimateOrRefuse(() =>
        computeCycleCharges({
          currency: org.currency,
          plan: org.plan,
          vatRateBp: treatment.vatRateBp,
          firstCycle: open.first,
          billedDays: open.billedDays,
          periodDays: open.periodDays,
          usage,
        }),
      );
      const prepaid = org.defaultPaymentMethod === 'prepaid';
      const balanceMinor = prepaid ? (await readLedgerHead(models, orgId)).balanceMinor : undefined;
      const short = balanceMinor !== undefined && balanceMinor < totals.totalMinor + amountDueMinor;
      return c.json(
        {
          cycle: {
            id: open.cycleId,
            startsAt: open.startsAt.toISOString(),
            endsAt: open.endsAt.toISOString(),
            billedDays: open.billedDays,
            periodDays: open.periodDays,
          },
          currency: totals.currency,
          lines: totals.lines,
          subtotalMinor: totals.subtotalMinor,
          vatMinor: totals.vatMinor,
          totalMinor: totals.totalMinor,
          reverseCharge: treatment.reverseCharge,
          usage: Object.entries(usage).map(([metric, quantity]) => ({ metric, quantity })),
          amountDueMinor,
          ...(balanceMinor !== undefined ? { balance: { amountMinor: balanceMinor, currency: org.currency } } : {}),
          ...(status ? { state: status.state, ...(status.nextChargeAt ? { nextChargeAt: status.nextChargeAt } : {}) } : {}),
          ...(short
            ? {
                warning:
                  'The prepaid balance does not cover this estimate: ensure the top-up amount is sufficient for the next billing cycle.',
              }
            : {}),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/billing/cycles',
      tags: ['Billing'],
      summary: 'Billing cycles, newest first, with their final invoices',
      request: { params: OrgIdParam, query: ListQuery },
      responses: { 200: json(listOf(CycleSchema, 'BillingCycleList'), 'Cycles'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await findOrganization(orgId);
      const page = await listPage<BillingCycleRecord>(models.BillingCycle, { orgId }, { sortField: 'startsAt', ...c.req.valid('query') });
      return c.json({ data: page.docs.map(toCycle), hasMore: page.hasMore, nextCursor: page.nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/billing/cycles/{cycleId}',
      tags: ['Billing'],
      summary: 'One cycle: its lines, collection attempts and final invoice',
      request: { params: CycleParams },
      responses: { 200: json(CycleDetailSchema, 'Cycle'), ...errorResponses },
    }),
    async (c) => {
      const { orgId, cycleId } = c.req.valid('param');
      const doc = await models.BillingCycle.findById(billingCycleKey(orgId, cycleId)).lean<BillingCycleRecord>();
      if (!doc || doc.orgId !== orgId) throw notFound('billing cycle');
      return c.json(
        {
          ...toCycle(doc),
          lines: (doc.lines ?? []).map(({ description, quantity, unitPriceMinor, vatRateBp, amountMinor }) => ({
            description,
            quantity,
            unitPriceMinor,
            vatRateBp,
            amountMinor,
          })),
          ...(doc.subtotalMinor !== undefined ? { subtotalMinor: doc.subtotalMinor, vatMinor: doc.vatMinor } : {}),
          ...(doc.reverseCharge !== undefined ? { reverseCharge: doc.reverseCharge } : {}),
          notes: doc.notes ?? [],
          usage: (doc.usage ?? []).map(({ metric, quantity }) => ({ metric, quantity })),
          collectionAttempts: (doc.attempts ?? []).map((a) => ({
            n: a.n,
            method: a.method,
            startedAt: a.startedAt.toISOString(),
            ...(a.outcome ? { outcome: a.outcome } : {}),
            ...(a.providerRef ? { providerRef: a.providerRef } : {}),
            ...(a.error ? { error: { code: a.error.code, message: a.error.message } } : {}),
          })),
        },
        200,
      );
    },
  );

  return router;
}
