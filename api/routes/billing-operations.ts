/**
 * Ops (admin key) on an organization's billing workflow: start it, charge the current cycle now, change the
 * plan from the next cycle, pause, resume, cancel, retry, write off, resend an invoice. Each is an Update
 * carrying who asks and why, validated by the workflow, whose history is the audit log.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  cancelBillingUpdate,
  changePlanUpdate,
  pauseBillingUpdate,
  resumeBillingUpdate,
  runCycleNowUpdate,
  type BillingStatus,
} from '../../workflows/definitions';
import { billingSettings, billingStatusOf, startBilling } from '../billing-client';
import { notFound } from '../errors';
import { requireAdmin } from '../middleware/auth';
import { billingUpdate, resendInvoiceByOperator, retryCollectionByOperator, writeOffDebtByOperator } from '../operator-actions';
import { createRouter } from '../router';
import { adminErrorResponses, IdempotencyHeader, OrgIdParam } from '../schemas';
import type { AppDeps } from '../types';
import { BillingStatusSchema, json, OperatorSchema, PlanSchema, RunScheduledSchema, toStatusDto } from './billing.schemas';

export function billingOperationRoutes({ models, config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/admin/organizations/*', requireAdmin);

  async function findOrganization(orgId: string) {
    const org = await models.Organization.findById(orgId, { _id: 1 }).lean();
    if (!org) throw notFound('organization');
    return org;
  }

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
      const status = await billingStatusOf(temporal, orgId);
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
