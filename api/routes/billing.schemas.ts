/** Request and response shapes of the billing routes (customer and operations), and the DTOs that fill them. */
import { z } from '@hono/zod-openapi';
import { USAGE_LIMITS } from '../../domain/charges';
import type { BillingCycleRecord } from '../../models/billing-cycle';
import { billingWorkflowId, type BillingStatus } from '../../workflows/definitions';
import { CurrencyCode, MinorUnits, MoneySchema, OrgIdParam, PlanSchema } from '../schemas';

export { PlanSchema };

export const UsageReportSchema = z
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

export const UsageRecordSchema = UsageReportSchema.extend({ receivedAt: z.string(), cycleNote: z.string() }).openapi('UsageRecord');

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

export const EstimateSchema = z
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

export const CycleSchema = z
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

export const CycleDetailSchema = CycleSchema.extend({
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

export const OperatorSchema = z
  .object({
    by: z.string().trim().min(1).max(100).openapi({ description: 'The operator, as the audit log should name them', example: 'alice@ops' }),
    reason: z.string().trim().min(1).max(500).openapi({ example: 'customer asked by phone' }),
  })
  .openapi('BillingOperatorRequest');

export const BillingStatusSchema = z
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

export const RunScheduledSchema = BillingStatusSchema.extend({
  chargingCycleId: z.string().openapi({ description: 'The cycle being closed and charged' }),
  follow: z.object({ status: z.string(), cycle: z.string() }).openapi({ description: 'Where to watch the charge (GET)' }),
}).openapi('BillingRunScheduled');

export const CycleParams = OrgIdParam.extend({
  cycleId: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'cycleId', in: 'path' }, example: '2026-11' }),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
export const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export const iso = (date: Date | string | undefined | null) => (date ? new Date(date).toISOString() : undefined);

const pdfUrl = (orgId: string, invoiceId: string) => `/v1/organizations/${orgId}/invoices/${invoiceId}/pdf`;

export const toCycle = (doc: BillingCycleRecord) => ({
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

export const toStatusDto = (status: BillingStatus) => ({
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
