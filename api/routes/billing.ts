/**
 * The monthly billing cycle through the API: usage reports, the current cycle's estimate, the cycles and
 * their final invoices; and, for ops (admin key), the organization's billing workflow: start it, charge
 * the current cycle now, change the plan from the next cycle, pause, resume, cancel. Ops actions are
 * Updates carrying who asks and why, validated by the workflow, whose history is the audit log.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { billingCycleKey } from '../../domain/billing-cycle';
import { computeCycleCharges, USAGE_LIMITS, usageRefusal } from '../../domain/charges';
import { FailureType } from '../../domain/errors';
import { vatTreatment } from '../../domain/vat';
import type { BillingCycleRecord } from '../../models/billing-cycle';
import { readLedgerHead } from '../../models/ledger-entry';
import { usageRecordId } from '../../models/usage-record';
import { usageBetween } from '../../activities/billing-cycles';
import {
  billingStatusQuery,
  billingWorkflowId,
  cancelBillingUpdate,
  changePlanUpdate,
  pauseBillingUpdate,
  resumeBillingUpdate,
  runCycleNowUpdate,
  type BillingStatus,
} from '../../workflows/definitions';
import { billingSettings, startBilling } from '../billing-client';
import { billingUpdate, resendInvoiceByOperator, retryCollectionByOperator, writeOffDebtByOperator } from '../operator-actions';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { requireAdmin, requireOrganizationAccess } from '../middleware/auth';
import { createRouter } from '../router';
import {
  adminErrorResponses,
  CurrencyCode,
  errorResponses,
  IdempotencyHeader,
  MinorUnits,
  MoneySchema,
  OrgIdParam,
  PageQuery,
} from '../schemas';
import type { AppDeps } from '../types';

const UsageReportSchema = z
  .object({
    usageId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 letters, digits or ._:-')
      .openapi({ description: 'Your id for this report: sending it again (a retry) records it once', example: 'seats-2026-11-25' }),
    metric: z.string().min(1).max(64).openapi({ description: "One of the plan's usage metrics", example: 'seats' }),
    quantity: z
      .int()
      .positive()
      .max(USAGE_LIMITS.perReport)
      .openapi({
        description: `Units to bill, a positive whole number; at most ${USAGE_LIMITS.perReport} per report and per metric and cycle`,
        example: 12,
      }),
    occurredAt: z.iso
      .datetime()
      .optional()
      .openapi({ description: 'When it happened, for your records; billing goes by when we receive it' }),
  })
  .openapi('UsageReport');

/** Usage recorded before the limits existed may still be too large to bill: the estimate says so (422), not 500. */
function estimateOrRefuse<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if ((error as { type?: string }).type !== FailureType.AmountOverflow) throw error;
    throw new ApiError(422, 'amount_overflow', `the cycle cannot be billed: ${(error as Error).message}; ops must correct its usage`);
  }
}

const UsageRecordSchema = UsageReportSchema.extend({ receivedAt: z.string(), cycleNote: z.string() }).openapi('UsageRecord');

const LineSchema = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPriceMinor: MinorUnits,
  vatRateBp: z.number(),
  amountMinor: MinorUnits,
});

const CycleWindowSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  billedDays: z.number(),
  periodDays: z.number(),
});

const EstimateSchema = z
  .object({
    cycle: CycleWindowSchema,
    currency: CurrencyCode,
    lines: z.array(LineSchema),
    subtotalMinor: MinorUnits,
    vatMinor: MinorUnits,
    totalMinor: MinorUnits,
    reverseCharge: z.boolean(),
    usage: z.array(z.object({ metric: z.string(), quantity: z.number() })),
    amountDueMinor: MinorUnits.openapi({ description: 'Closed cycles still unpaid' }),
    balance: MoneySchema.optional().openapi({ description: 'The prepaid balance, for organizations that pay from it' }),
    state: z.string().optional().openapi({ description: "The billing workflow's state, when it answers" }),
    nextChargeAt: z.string().optional(),
    warning: z.string().optional(),
  })
  .openapi('CycleEstimate');

const InvoiceRefSchema = z.object({ invoiceId: z.string(), number: z.string(), pdfUrl: z.string() });

const CycleSchema = z
  .object({
    cycleId: z.string(),
    state: z
      .enum(['open', 'due', 'paid', 'skipped', 'written_off'])
      .openapi({ description: '`written_off`: no longer owed (no invoice is issued for it)' }),
    startsAt: z.string(),
    endsAt: z.string(),
    currency: CurrencyCode,
    totalMinor: MinorUnits.optional(),
    unpaidReason: z
      .string()
      .optional()
      .openapi({ description: 'Why a due cycle is not paid yet: insufficient_funds, declined, authentication_required…' }),
    paidAt: z.string().optional(),
    paidWith: z.string().optional(),
    writtenOffAt: z.string().optional(),
    attempts: z.number(),
    invoice: InvoiceRefSchema.optional(),
  })
  .openapi('BillingCycle');

const CycleDetailSchema = CycleSchema.extend({
  lines: z.array(LineSchema),
  subtotalMinor: MinorUnits.optional(),
  vatMinor: MinorUnits.optional(),
  reverseCharge: z.boolean().optional(),
  notes: z.array(z.string()),
  usage: z.array(z.object({ metric: z.string(), quantity: z.number() })),
  collectionAttempts: z.array(
    z.object({
      n: z.number(),
      method: z.string(),
      startedAt: z.string(),
      outcome: z.string().optional(),
      providerRef: z.string().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
}).openapi('BillingCycleDetail');

const PlanSchema = z
  .object({
    setupFeeMinor: MinorUnits.min(0),
    monthlyFeeMinor: MinorUnits.min(0),
    usagePrices: z
      .array(z.object({ metric: z.string().min(1).max(64), unit: z.string().min(1).max(32), unitPriceMinor: MinorUnits.min(0) }))
      .max(50)
      .default([]),
  })
  .openapi('BillingPlan');

const OperatorSchema = z
  .object({
    by: z.string().trim().min(1).max(100).openapi({ description: 'The operator, as the audit log should name them', example: 'alice@ops' }),
    reason: z.string().trim().min(1).max(500).openapi({ example: 'customer asked by phone' }),
  })
  .openapi('BillingOperatorRequest');

const BillingStatusSchema = z
  .object({
    orgId: z.string(),
    state: z.string(),
    cycle: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string() }).optional(),
    nextChargeAt: z.string().optional(),
    estimate: z.object({ subtotalMinor: MinorUnits, vatMinor: MinorUnits, totalMinor: MinorUnits, currency: CurrencyCode }).optional(),
    amountDueMinor: MinorUnits,
    daysOverdue: z.number(),
    debts: z.array(
      z.object({
        cycleId: z.string(),
        totalMinor: MinorUnits,
        attempts: z.number(),
        nextAttemptAt: z.string(),
        lastOutcome: z.string().optional(),
      }),
    ),
    method: z.string().optional(),
    paused: z.boolean(),
    suspended: z.boolean(),
    cancelling: z.boolean(),
    pendingPlan: PlanSchema.optional(),
    cyclesBilled: z.number(),
    parked: z
      .object({ cycleId: z.string(), reason: z.string(), at: z.string() })
      .optional()
      .openapi({ description: "The cycle's bill could not be computed: its close waits for ops (retry once fixed)" }),
    workflowId: z.string(),
  })
  .openapi('BillingWorkflowStatus');

const RunScheduledSchema = BillingStatusSchema.extend({
  chargingCycleId: z.string().openapi({ description: 'The cycle being closed and charged' }),
  follow: z.object({ status: z.string(), cycle: z.string() }).openapi({ description: 'Where to watch the charge (GET)' }),
}).openapi('BillingRunScheduled');

const CycleParams = OrgIdParam.extend({
  cycleId: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'cycleId', in: 'path' }, example: '2026-11' }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

const iso = (date: Date | string | undefined | null) => (date ? new Date(date).toISOString() : undefined);

export function billingRoutes({ models, config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/organizations/:orgId/*', requireOrganizationAccess);
  router.use('/admin/organizations/*', requireAdmin);

  const pdfUrl = (orgId: string, invoiceId: string) => `/v1/organizations/${orgId}/invoices/${invoiceId}/pdf`;
  const toCycle = (doc: BillingCycleRecord) => ({
    cycleId: doc.cycleId,
    state: doc.state,
    startsAt: doc.startsAt.toISOString(),
    endsAt: doc.endsAt.toISOString(),
    currency: doc.currency,
    ...(doc.totalMinor !== undefined && doc.state !== 'open' ? { totalMinor: doc.totalMinor } : {}),
    ...(doc.unpaidReason && doc.state === 'due' ? { unpaidReason: doc.unpaidReason } : {}),
    ...(doc.paidAt ? { paidAt: doc.paidAt.toISOString() } : {}),
    ...(doc.paidWith ? { paidWith: doc.paidWith } : {}),
    ...(doc.writtenOff ? { writtenOffAt: doc.writtenOff.at.toISOString() } : {}),
    attempts: (doc.attempts ?? []).length,
    ...(doc.invoiceId && doc.invoiceNumber
      ? { invoice: { invoiceId: doc.invoiceId, number: doc.invoiceNumber, pdfUrl: pdfUrl(doc.orgId, doc.invoiceId) } }
      : {}),
  });

  async function findOrganization(orgId: string) {
    const org = await models.Organization.findById(orgId).lean();
    if (!org) throw notFound('organization');
    return org;
  }

  /** The workflow's own view, if it answers within a second or two (a query needs a worker). */
  async function workflowStatus(orgId: string): Promise<BillingStatus | undefined> {
    try {
      return await temporal.withDeadline(Date.now() + 2000, () =>
        temporal.workflow.getHandle(billingWorkflowId(orgId)).query(billingStatusQuery),
      );
    } catch {
      return undefined;
    }
  }

  const toStatusDto = (status: BillingStatus) => ({
    ...status,
    debts: status.debts.map((d) => ({
      cycleId: d.cycleId,
      totalMinor: d.totalMinor,
      attempts: d.attempts,
      nextAttemptAt: new Date(d.nextAttemptAt).toISOString(),
      ...(d.lastOutcome ? { lastOutcome: d.lastOutcome } : {}),
    })),
    workflowId: billingWorkflowId(status.orgId),
  });

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
        if ((error as { code?: number }).code !== 11000) throw error;
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
      const cycles = await models.BillingCycle.find({ orgId, state: { $in: ['open', 'due'] } })
        .sort({ startsAt: -1 })
        .lean<BillingCycleRecord[]>();
      const open = cycles.find((cycle) => cycle.state === 'open');
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
      const amountDueMinor = cycles.filter((cycle) => cycle.state === 'due').reduce((total, cycle) => total + (cycle.totalMinor ?? 0), 0);
      const prepaid = org.defaultPaymentMethod === 'prepaid';
      const balanceMinor = prepaid ? (await readLedgerHead(models, orgId)).balanceMinor : undefined;
      const status = await workflowStatus(orgId);
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
      request: { params: OrgIdParam, query: PageQuery },
      responses: { 200: json(z.object({ cycles: z.array(CycleSchema) }), 'Cycles'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      await findOrganization(orgId);
      const cycles = await models.BillingCycle.find({ orgId }).sort({ startsAt: -1 }).limit(limit).lean<BillingCycleRecord[]>();
      return c.json({ cycles: cycles.map(toCycle) }, 200);
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

  // ---- ops (admin key) ----

  const adminAction = <B extends z.ZodType>(method: 'post' | 'put', path: string, summary: string, bodySchema: B, ok: string) =>
    createRoute({
      method,
      path,
      tags: ['Billing operations'],
      summary,
      description:
        "Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log.",
      request: {
        params: OrgIdParam,
        headers: IdempotencyHeader,
        body: { content: { 'application/json': { schema: bodySchema } }, required: true },
      },
      responses: { 200: json(BillingStatusSchema, ok), ...adminErrorResponses },
    });

  const operatorDeps = { models, temporal };
  const update = async (orgId: string, run: (handle: ReturnType<typeof temporal.workflow.getHandle>) => Promise<BillingStatus>) =>
    toStatusDto(await billingUpdate(operatorDeps, orgId, run));

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/organizations/{orgId}/billing/start',
      tags: ['Billing operations'],
      summary: "Start the organization's billing (its first cycle begins now); a running one is left as is",
      request: { params: OrgIdParam, headers: IdempotencyHeader },
      responses: { 201: json(BillingStatusSchema, 'Billing workflow status'), ...adminErrorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await findOrganization(orgId);
      await startBilling(temporal, config, orgId, billingSettings(config));
      const status = await workflowStatus(orgId);
      return c.json(
        toStatusDto(
          status ?? {
            orgId,
            state: 'active',
            amountDueMinor: 0,
            daysOverdue: 0,
            debts: [],
            paused: false,
            suspended: false,
            cancelling: false,
            cyclesBilled: 0,
          },
        ),
        201,
      );
    },
  );

  router.openapi(
    {
      ...adminAction(
        'post',
        '/admin/organizations/{orgId}/billing/run',
        'Charge the current cycle now instead of at its end (the schedule is unchanged); answers once the close is scheduled',
        OperatorSchema,
        '',
      ),
      responses: { 202: json(RunScheduledSchema, 'The close is scheduled: follow the charge at `follow`'), ...adminErrorResponses },
    },
    async (c) => {
      const { orgId } = c.req.valid('param');
      const request = c.req.valid('json');
      const status = await update(orgId, (handle) => handle.executeUpdate(runCycleNowUpdate, { args: [request] }));
      const chargingCycleId = status.cycle?.id ?? '';
      const follow = {
        status: `/v1/organizations/${orgId}/billing`,
        cycle: `/v1/organizations/${orgId}/billing/cycles/${encodeURIComponent(chargingCycleId)}`,
      };
      return c.json({ ...status, chargingCycleId, follow }, 202);
    },
  );

  router.openapi(
    adminAction(
      'put',
      '/admin/organizations/{orgId}/billing/plan',
      'Change the plan from the next cycle on',
      OperatorSchema.extend({ plan: PlanSchema }).openapi('PlanChange'),
      'Billing with the pending plan',
    ),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const change = c.req.valid('json');
      return c.json(await update(orgId, (handle) => handle.executeUpdate(changePlanUpdate, { args: [change] })), 200);
    },
  );

  for (const [action, definition, summary] of [
    ['pause', pauseBillingUpdate, 'Pause billing: cycles ending while paused are not charged'],
    ['resume', resumeBillingUpdate, 'Resume billing'],
  ] as const) {
    router.openapi(
      adminAction('post', `/admin/organizations/{orgId}/billing/${action}`, summary, OperatorSchema, 'Billing after the change'),
      async (c) => {
        const { orgId } = c.req.valid('param');
        const request = c.req.valid('json');
        return c.json(await update(orgId, (handle) => handle.executeUpdate(definition, { args: [request] })), 200);
      },
    );
  }

  router.openapi(
    adminAction(
      'post',
      '/admin/organizations/{orgId}/billing/cancel',
      'Cancel: the current cycle is the last one billed (now, with `immediately`); billing ends once nothing is owed',
      OperatorSchema.extend({ immediately: z.boolean().default(false) }).openapi('BillingCancellation'),
      'Billing after the cancellation',
    ),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const request = c.req.valid('json');
      return c.json(await update(orgId, (handle) => handle.executeUpdate(cancelBillingUpdate, { args: [request] })), 200);
    },
  );

  router.openapi(
    adminAction(
      'post',
      '/admin/organizations/{orgId}/billing/retry',
      'Try the unpaid cycles now (after the customer fixed the card, say); answers once the attempt is made',
      OperatorSchema,
      'Billing after the attempt',
    ),
    async (c) => {
      const { orgId } = c.req.valid('param');
      return c.json(toStatusDto(await retryCollectionByOperator(operatorDeps, orgId, c.req.valid('json'))), 200);
    },
  );

  router.openapi(
    adminAction(
      'post',
      '/admin/organizations/{orgId}/billing/write-off',
      'Write off an unpaid cycle: it is no longer collected, no invoice is issued for it, and a suspension ends once nothing else is owed. Refused (409) while a payment of it succeeded or is processing at the provider; 404 when the cycle is not owed',
      OperatorSchema.extend({ cycleId: z.string().trim().min(1).max(40).openapi({ example: '2026-10' }) }).openapi('DebtWriteOff'),
      'Billing after the write-off',
    ),
    async (c) => {
      const { orgId } = c.req.valid('param');
      return c.json(toStatusDto(await writeOffDebtByOperator(operatorDeps, orgId, c.req.valid('json'))), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/organizations/{orgId}/billing/resend-invoice',
      tags: ['Billing operations'],
      summary: "E-mail a final invoice again, with its PDF, to the organization's current billing address",
      description:
        "Sent to the organization's billing workflow as an Update carrying `by` and `reason`; the workflow validates it, and its history is the audit log. 404 when the number is not a final invoice of this organization.",
      request: {
        params: OrgIdParam,
        headers: IdempotencyHeader,
        body: {
          content: {
            'application/json': {
              schema: OperatorSchema.extend({
                invoiceNumber: z.string().trim().min(1).max(40).openapi({ example: 'INV-2026-000042' }),
              }).openapi('InvoiceResend'),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({ invoiceNumber: z.string(), cycleId: z.string(), to: z.string(), emailId: z.string() }).openapi('ResentInvoice'),
          'The e-mail sent',
        ),
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      return c.json(await resendInvoiceByOperator(operatorDeps, orgId, c.req.valid('json')), 200);
    },
  );

  return router;
}
