import { createHash, randomUUID } from 'node:crypto';
import { type Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { createRoute, z } from '@hono/zod-openapi';
import { estimateNextCycle } from '../../domain/charges';
import { OPEN_TOP_UP_STATES, validateTopUp } from '../../domain/top-up';
import { readLedgerHead } from '../../models/ledger-entry';
import type { Config } from '../../config';
import { cancelTopUpUpdate, proformaIssuedUpdate, topUpWorkflowId, type Proforma, type TopUpInput } from '../../workflows/definitions';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { createRouter } from '../router';
import type { OrderDoc } from '../../models/top-up-order';
import { ListQuery, listOf, listPage } from '../pagination';
import { CurrencyCode, errorResponses, IdempotencyHeader, MinorUnits, OrgIdParam, PositiveMinorUnits } from '../schemas';
import { updateFailureToApiError } from '../temporal-errors';
import type { AppDeps, Principal } from '../types';

const TopUpParams = OrgIdParam.extend({
  orderId: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: 'orderId', in: 'path' } }),
});

const CreateTopUpBody = z.object({ amountMinor: PositiveMinorUnits, currency: CurrencyCode }).openapi('CreateTopUp');

const BankDetailsSchema = z.object({ bankName: z.string(), iban: z.string(), bic: z.string() }).openapi('BankDetails');

const TopUpSchema = z
  .object({
    orderId: z.string(),
    state: z.enum(['issuing', 'awaiting_payment', 'partially_paid', 'paid', 'expired', 'cancelled']),
    amountMinor: MinorUnits,
    receivedMinor: MinorUnits,
    currency: CurrencyCode,
    proforma: z.object({ invoiceId: z.string(), number: z.string(), pdfUrl: z.string() }),
    paymentReference: z
      .string()
      .openapi({ description: 'ISO 11649 RF creditor reference to quote on the transfer', example: 'RF62PF2026000001' }),
    paymentReferenceFormatted: z.string().openapi({ example: 'RF62 PF20 2600 0001' }),
    bankDetails: BankDetailsSchema,
    credits: z.array(z.object({ bankTxId: z.string(), amountMinor: MinorUnits, valueDate: z.string() })),
    warning: z.string().optional(),
    expiresAt: z.string(),
    createdAt: z.string(),
    workflowId: z.string(),
  })
  .openapi('TopUpOrder');

const TopUpListQuery = ListQuery.extend({
  state: z.enum(['open']).optional().openapi({
    description:
      'open: only the orders still awaiting payment (issuing, awaiting_payment, partially_paid), all on one page, newest first; limit and startingAfter do not apply',
  }),
});

/**
 * Starts an order's workflow with the configured expiry and reminders, and answers once it has issued the
 * proforma. A retry finds the running workflow; a closed one is not started again (WorkflowExecutionAlreadyStartedError).
 */
export function startTopUpWorkflow(
  temporal: Client,
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TOP_UP_EXPIRY' | 'TOP_UP_REMINDERS'>,
  order: Omit<TopUpInput, 'expiry' | 'reminders'>,
): Promise<Proforma> {
  const input: TopUpInput = { ...order, expiry: config.TOP_UP_EXPIRY, reminders: config.TOP_UP_REMINDERS };
  const startWorkflowOperation = new WithStartWorkflowOperation('topUpWorkflow', {
    workflowId: topUpWorkflowId(order.orderId),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  return temporal.workflow.executeUpdateWithStart(proformaIssuedUpdate, { startWorkflowOperation });
}

const operatorName = (principal: Principal) => (principal.kind === 'organization' ? `customer ${principal.orgId}` : principal.kind);

/** A retried request with the same Idempotency-Key maps to the same order, hence the same workflow id. */
function orderIdFor(orgId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `top_${randomUUID().replace(/-/g, '')}`;
  return `top_${createHash('sha256').update(`${orgId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

export function topUpRoutes({ models, config, temporal, reads }: AppDeps) {
  const router = createRouter();
  const { toDto, openOrderList } = reads;
  /** The order this key made, if the request asks for the same amount; else the key was reused for another order. */
  function sameOrder(order: OrderDoc, body: { amountMinor: number }) {
    if (order.amountMinor !== body.amountMinor) {
      throw new ApiError(422, 'idempotency_key_reused', `this Idempotency-Key made order ${order._id} for another amount`, [
        { field: 'Idempotency-Key', message: 'reused for another order' },
      ]);
    }
    return toDto(order);
  }
  async function findOrder(orgId: string, orderId: string): Promise<OrderDoc> {
    const order = await models.TopUpOrder.findById(orderId).lean();
    if (!order || order.orgId !== orgId) throw notFound('top-up order');
    return order as OrderDoc;
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/top-ups',
      tags: ['Top-ups'],
      summary: 'Order a prepaid top-up: issues and e-mails the proforma invoice with the bank details',
      request: {
        params: OrgIdParam,
        headers: IdempotencyHeader,
        body: { content: { 'application/json': { schema: CreateTopUpBody } }, required: true },
      },
      responses: {
        201: { content: { 'application/json': { schema: TopUpSchema } }, description: 'Order created, proforma issued' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const body = c.req.valid('json');
      const [org, head] = await Promise.all([
        models.Organization.findById(orgId, { currency: 1, plan: 1, vatRateBp: 1, setupFeeCharged: 1, status: 1 }).lean(),
        readLedgerHead(models, orgId),
      ]);
      if (!org) throw notFound('organization');
      if (org.status === 'cancelled') throw conflict('the organization is cancelled');
      const validation = validateTopUp({
        amountMinor: body.amountMinor,
        currency: body.currency,
        orgCurrency: org.currency,
        maxMinor: config.TOP_UP_MAX_MINOR,
        balanceMinor: head.balanceMinor,
        nextCycleEstimateMinor: estimateNextCycle(org).totalMinor,
      });
      if (validation.errors.length > 0) throw invalid(validation.errors);

      const orderId = orderIdFor(orgId, c.req.header('idempotency-key'));
      // A closed order is never run again (a new run would re-open its proforma and could overwrite `paid`):
      // the same key answers the order as it stands.
      const existing = await models.TopUpOrder.findById(orderId).lean();
      if (existing && !OPEN_TOP_UP_STATES.includes(existing.state as never)) return c.json(sameOrder(existing as OrderDoc, body), 201);
      // Listed before it starts: an order that exists is always on the list (a retry that finds it was listed by
      // the first attempt), and an entry whose start failed only names an order that never appears.
      if (!existing) await openOrderList.place(orgId, orderId);
      try {
        await startTopUpWorkflow(temporal, config, {
          orderId,
          orgId,
          amountMinor: body.amountMinor,
          currency: org.currency,
          warning: validation.warning,
        });
      } catch (error) {
        // The order's workflow closed between the read above and the start.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return c.json(sameOrder(await findOrder(orgId, orderId), body), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/top-ups',
      tags: ['Top-ups'],
      summary: 'List top-up orders, newest first',
      request: { params: OrgIdParam, query: TopUpListQuery },
      responses: {
        200: { content: { 'application/json': { schema: listOf(TopUpSchema, 'TopUpList') } }, description: 'Orders' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { state, ...page } = c.req.valid('query');
      if (state === 'open') return c.json({ data: await reads.openOrders(orgId), hasMore: false, nextCursor: null }, 200);
      const { docs, hasMore, nextCursor } = await listPage<OrderDoc>(models.TopUpOrder, { orgId }, { sortField: 'createdAt', ...page });
      return c.json({ data: docs.map(toDto), hasMore, nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/top-ups/{orderId}',
      tags: ['Top-ups'],
      summary: 'One top-up order',
      request: { params: TopUpParams },
      responses: { 200: { content: { 'application/json': { schema: TopUpSchema } }, description: 'Order' }, ...errorResponses },
    }),
    async (c) => {
      const { orgId, orderId } = c.req.valid('param');
      return c.json(toDto(await findOrder(orgId, orderId)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/top-ups/{orderId}/cancel',
      tags: ['Top-ups'],
      summary: 'Cancel an order that has received no payment',
      request: {
        params: TopUpParams,
        headers: IdempotencyHeader,
        body: {
          content: {
            'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(500).default('cancelled by the customer') }) },
          },
          required: false,
        },
      },
      responses: { 200: { content: { 'application/json': { schema: TopUpSchema } }, description: 'Cancelled' }, ...errorResponses },
    }),
    async (c) => {
      const { orgId, orderId } = c.req.valid('param');
      const contentType = c.req.header('content-type') ?? '';
      const reason = contentType.includes('json') ? c.req.valid('json').reason : 'cancelled by the customer';
      const order = await findOrder(orgId, orderId);
      try {
        await temporal.workflow
          .getHandle(order.workflowId)
          .executeUpdate(cancelTopUpUpdate, { args: [{ by: operatorName(c.get('principal')), reason }] });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict(`the order is ${order.state} and can no longer be cancelled`);
        updateFailureToApiError(error);
      }
      return c.json(toDto(await findOrder(orgId, orderId)), 200);
    },
  );

  return router;
}
