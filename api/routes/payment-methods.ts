/**
 * Payment methods: start a PayPal billing agreement or a card set-up (each a workflow, one pending attempt
 * per organization and provider), the PayPal browser return and cancel routes, the portal's card confirm,
 * listing, the default method, and removal. Provider calls happen in the workflows' activities; these
 * handlers only talk to Temporal and the database.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CARD_SETUP_STATES, PAYPAL_SETUP_STATES } from '../../domain/payment-methods';
import { paymentMethodView } from '../../models/payment-method';
import {
  cancelCardSetupUpdate,
  cancelPayPalSetupUpdate,
  cardSetupStartedUpdate,
  cardSetupStatusQuery,
  cardSetupWorkflowId,
  confirmCardSetupUpdate,
  paymentMethodRemovalWorkflowId,
  paypalApprovalSignal,
  paypalSetupStartedUpdate,
  paypalSetupStatusQuery,
  paypalSetupWorkflowId,
  type CardSetupInput,
  type CardSetupStatus,
  type PayPalSetupInput,
  type PayPalSetupStatus,
} from '../../workflows/definitions';
import { signalPaymentMethodChanged } from '../billing-client';
import { ApiError, conflict, notFound } from '../errors';
import { requireOrganizationAccess } from '../middleware/auth';
import { createRouter } from '../router';
import { ErrorSchema, errorResponses, IdempotencyHeader, OrgIdParam } from '../schemas';
import { updateFailureToApiError } from '../temporal-errors';
import type { AppDeps, AppEnv, Principal } from '../types';

const providerUnavailable = {
  content: { 'application/json': { schema: ErrorSchema } },
  description: 'The provider refused or could not be reached',
};

const SavedMethodSchema = z
  .object({
    methodId: z.string().openapi({ example: 'paypal_8kk8451t' }),
    kind: z.enum(['paypal', 'card']),
    isDefault: z.boolean(),
    billingAgreementNumber: z.string().optional().openapi({ description: 'PayPal: the Vault payment token id, as the customer sees it' }),
    payerEmail: z.string().optional(),
    card: z.object({ brand: z.string(), last4: z.string(), expMonth: z.int(), expYear: z.int() }).optional(),
  })
  .openapi('PaymentMethod');

const ProviderErrorSchema = z
  .object({ code: z.string(), message: z.string(), declineCode: z.string().optional() })
  .openapi('ProviderError');

const PayPalSetupSchema = z
  .object({
    workflowId: z.string(),
    state: z.enum(PAYPAL_SETUP_STATES),
    setupTokenId: z.string().optional(),
    approvalUrl: z.string().optional().openapi({ description: 'Send the payer here to approve the billing agreement' }),
    expiresAt: z.string().optional(),
    method: SavedMethodSchema.optional(),
    error: ProviderErrorSchema.optional(),
  })
  .openapi('PayPalSetup');

const CardSetupSchema = z
  .object({
    workflowId: z.string(),
    state: z.enum(CARD_SETUP_STATES),
    setupIntentId: z.string().optional(),
    clientSecret: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'For Stripe.js confirmCardSetup, while awaiting confirmation. Not kept in idempotent replays.' }),
    expiresAt: z.string().optional(),
    method: SavedMethodSchema.optional(),
    lastSetupError: ProviderErrorSchema.optional().openapi({ description: 'Why the last confirmation failed; another card may be tried' }),
    error: ProviderErrorSchema.optional(),
  })
  .openapi('CardSetup');

const PaymentMethodsSchema = z
  .object({
    default: z.enum(['prepaid', 'paypal', 'card']),
    defaultPaymentMethodId: z.string().nullable(),
    methods: z.array(SavedMethodSchema),
  })
  .openapi('PaymentMethods');

const StartBody = z.object({ makeDefault: z.boolean().default(false) }).openapi('StartPaymentMethodSetup');
const ConfirmCardBody = z
  .object({
    setupIntentId: z
      .string()
      .trim()
      .regex(/^seti_[A-Za-z0-9]+$/, 'a SetupIntent id (seti_…)'),
  })
  .openapi('ConfirmCardSetup');
const CancelBody = z.object({ reason: z.string().trim().min(1).max(500).default('cancelled by the customer') });
const DefaultBody = z
  .object({
    method: z.enum(['prepaid', 'paypal', 'card']),
    paymentMethodId: z
      .string()
      .min(1)
      .max(120)
      .optional()
      .openapi({ description: 'Which saved method; the newest of that kind if omitted' }),
  })
  .openapi('ChooseDefaultPaymentMethod');

const MethodParams = OrgIdParam.extend({
  methodId: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'methodId', in: 'path' } }),
});
const ReturnParams = z.object({
  orgId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'orgId', in: 'path' } }),
  attemptId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'an attempt id from the set-up')
    .openapi({ param: { name: 'attemptId', in: 'path' } }),
});
const ReturnQuery = z.object({
  approval_token_id: z.string().max(64).optional().openapi({ description: 'The setup token PayPal redirects with' }),
  approval_session_id: z.string().max(64).optional(),
});

const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ content: { 'application/json': { schema } }, required });
const ok = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const operatorName = (principal: Principal) => (principal.kind === 'organization' ? `customer ${principal.orgId}` : principal.kind);

/** Optional JSON bodies: validated when sent, defaults when not (a bare POST is fine). */
function optionalJson<T>(c: Context<AppEnv>, valid: () => T, fallback: T): T {
  return (c.req.header('content-type') ?? '').includes('json') ? valid() : fallback;
}

/** A set-up that could not start: the provider's own words, as a 502. */
function failedStart(kind: string, error: { code: string; message: string } | undefined): never {
  throw new ApiError(502, 'provider_error', `${kind} set-up could not start: ${error?.message ?? 'unknown error'}`);
}

export function paymentMethodRoutes({ models, config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/organizations/:orgId/payment-methods', requireOrganizationAccess);
  router.use('/organizations/:orgId/payment-methods/*', requireOrganizationAccess);

  const paypalDto = (status: PayPalSetupStatus) => ({
    workflowId: paypalSetupWorkflowId(status.orgId),
    state: status.state,
    ...(status.setupTokenId ? { setupTokenId: status.setupTokenId } : {}),
    ...(status.approvalUrl ? { approvalUrl: status.approvalUrl } : {}),
    ...(status.expiresAt ? { expiresAt: status.expiresAt } : {}),
    ...(status.method ? { method: status.method } : {}),
    ...(status.error ? { error: status.error } : {}),
  });
  const cardDto = (status: CardSetupStatus) => ({
    workflowId: cardSetupWorkflowId(status.orgId),
    state: status.state,
    ...(status.setupIntentId ? { setupIntentId: status.setupIntentId } : {}),
    ...(status.clientSecret ? { clientSecret: status.clientSecret } : {}),
    ...(status.expiresAt ? { expiresAt: status.expiresAt } : {}),
    ...(status.method ? { method: status.method } : {}),
    ...(status.lastSetupError ? { lastSetupError: status.lastSetupError } : {}),
    ...(status.error ? { error: status.error } : {}),
  });

  async function findOrganization(orgId: string) {
    const org = await models.Organization.findById(orgId, { status: 1, defaultPaymentMethod: 1, defaultPaymentMethodId: 1 }).lean();
    if (!org) throw notFound('organization');
    return org;
  }

  async function listMethods(orgId: string) {
    const org = await findOrganization(orgId);
    const methods = await models.PaymentMethod.find({ orgId, status: 'active' }).sort({ createdAt: -1 }).lean();
    return {
      default: (org.defaultPaymentMethod ?? 'prepaid') as 'prepaid' | 'paypal' | 'card',
      defaultPaymentMethodId: org.defaultPaymentMethodId ?? null,
      methods: methods.map((m) => paymentMethodView(m, org.defaultPaymentMethodId)),
    };
  }

  /** A status query, or undefined when no attempt ever ran for this organization. */
  async function query<T>(handle: WorkflowHandle, fn: (h: WorkflowHandle) => Promise<T>): Promise<T | undefined> {
    try {
      return await fn(handle);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  // ---- PayPal ----

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/payment-methods/paypal',
      tags: ['Payment methods'],
      summary: 'Start a PayPal billing agreement: answers the approval URL (the pending attempt, if one is running)',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(StartBody, false) },
      responses: { 201: ok(PayPalSetupSchema, "Awaiting the payer's approval"), 502: providerUnavailable, ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { makeDefault } = optionalJson(c, () => c.req.valid('json'), { makeDefault: false });
      const org = await models.Organization.findById(orgId, { status: 1 }).lean();
      if (!org) throw notFound('organization');
      if (org.status === 'cancelled') throw conflict('the organization is cancelled');
      const input: PayPalSetupInput = {
        orgId,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        approvalTimeout: config.PAYPAL_APPROVAL_TIMEOUT,
        makeDefault,
      };
      const startWorkflowOperation = new WithStartWorkflowOperation('paypalApprovalWorkflow', {
        workflowId: paypalSetupWorkflowId(orgId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const status = await temporal.workflow.executeUpdateWithStart(paypalSetupStartedUpdate, { startWorkflowOperation });
      if (status.state === 'failed') failedStart('PayPal', status.error);
      return c.json(paypalDto(status), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/payment-methods/paypal',
      tags: ['Payment methods'],
      summary: 'The latest PayPal set-up attempt',
      request: { params: OrgIdParam },
      responses: { 200: ok(PayPalSetupSchema, 'The attempt'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await findOrganization(orgId);
      const status = await query(temporal.workflow.getHandle(paypalSetupWorkflowId(orgId)), (h) => h.query(paypalSetupStatusQuery));
      if (!status) throw notFound('PayPal set-up');
      return c.json(paypalDto(status), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/payment-methods/paypal/cancel',
      tags: ['Payment methods'],
      summary: 'Cancel the PayPal set-up awaiting approval',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(CancelBody, false) },
      responses: { 200: ok(PayPalSetupSchema, 'Cancelled'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { reason } = optionalJson(c, () => c.req.valid('json'), { reason: 'cancelled by the customer' });
      await findOrganization(orgId);
      try {
        const status = await temporal.workflow
          .getHandle(paypalSetupWorkflowId(orgId))
          .executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: operatorName(c.get('principal')), reason }] });
        return c.json(paypalDto(status), 200);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict('no PayPal set-up is awaiting approval');
        updateFailureToApiError(error);
      }
    },
  );

  // ---- card ----

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/payment-methods/card',
      tags: ['Payment methods'],
      summary: 'Start a card set-up: answers a SetupIntent client secret for Stripe.js (the pending attempt, if one is running)',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(StartBody, false) },
      responses: { 201: ok(CardSetupSchema, 'Awaiting confirmation with Stripe.js'), 502: providerUnavailable, ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { makeDefault } = optionalJson(c, () => c.req.valid('json'), { makeDefault: false });
      const org = await models.Organization.findById(orgId, { status: 1 }).lean();
      if (!org) throw notFound('organization');
      if (org.status === 'cancelled') throw conflict('the organization is cancelled');
      const input: CardSetupInput = { orgId, setupTimeout: config.CARD_SETUP_TIMEOUT, makeDefault };
      const startWorkflowOperation = new WithStartWorkflowOperation('cardSetupWorkflow', {
        workflowId: cardSetupWorkflowId(orgId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const status = await temporal.workflow.executeUpdateWithStart(cardSetupStartedUpdate, { startWorkflowOperation });
      if (status.state === 'failed') failedStart('Card', status.error);
      const body = cardDto(status);
      // The client secret is not stored with the idempotent replay: a replay answers without it, and a
      // fresh POST (the same pending set-up) answers with it again.
      c.set('idempotentReplayBody', { ...body, clientSecret: null });
      return c.json(body, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/payment-methods/card',
      tags: ['Payment methods'],
      summary: 'The latest card set-up attempt',
      request: { params: OrgIdParam },
      responses: { 200: ok(CardSetupSchema, 'The attempt'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await findOrganization(orgId);
      const status = await query(temporal.workflow.getHandle(cardSetupWorkflowId(orgId)), (h) => h.query(cardSetupStatusQuery));
      if (!status) throw notFound('card set-up');
      return c.json(cardDto(status), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/payment-methods/card/confirm',
      tags: ['Payment methods'],
      summary: 'After Stripe.js confirmed the SetupIntent: checks it with Stripe and answers the saved card, or why it failed',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(ConfirmCardBody) },
      responses: { 200: ok(CardSetupSchema, 'The set-up after the check: `active` with the card, or `lastSetupError`'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { setupIntentId } = c.req.valid('json');
      await findOrganization(orgId);
      try {
        const status = await temporal.workflow
          .getHandle(cardSetupWorkflowId(orgId))
          .executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId }] });
        return c.json(cardDto(status), 200);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) updateFailureToApiError(error);
      }
      // No set-up running: the webhook may already have finished this one.
      const saved = await models.PaymentMethod.findOne({ orgId, 'card.setupIntentId': setupIntentId }).lean();
      if (!saved) throw conflict('no card set-up is awaiting confirmation');
      const org = await findOrganization(orgId);
      return c.json(
        {
          workflowId: cardSetupWorkflowId(orgId),
          state: 'active' as const,
          setupIntentId,
          method: paymentMethodView(saved, org.defaultPaymentMethodId),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/payment-methods/card/cancel',
      tags: ['Payment methods'],
      summary: 'Cancel the card set-up awaiting confirmation (its client secret stops working)',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(CancelBody, false) },
      responses: { 200: ok(CardSetupSchema, 'Cancelled'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { reason } = optionalJson(c, () => c.req.valid('json'), { reason: 'cancelled by the customer' });
      await findOrganization(orgId);
      try {
        const status = await temporal.workflow
          .getHandle(cardSetupWorkflowId(orgId))
          .executeUpdate(cancelCardSetupUpdate, { args: [{ by: operatorName(c.get('principal')), reason }] });
        return c.json(cardDto(status), 200);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict('no card set-up is awaiting confirmation');
        updateFailureToApiError(error);
      }
    },
  );

  // ---- saved methods ----

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/payment-methods',
      tags: ['Payment methods'],
      summary: 'Saved payment methods and the default',
      request: { params: OrgIdParam },
      responses: { 200: ok(PaymentMethodsSchema, 'Methods, newest first'), ...errorResponses },
    }),
    async (c) => c.json(await listMethods(c.req.valid('param').orgId), 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/organizations/{orgId}/payment-methods/default',
      tags: ['Payment methods'],
      summary: 'Choose how invoices are paid: prepaid balance, PayPal or card',
      request: { params: OrgIdParam, body: jsonBody(DefaultBody) },
      responses: { 200: ok(PaymentMethodsSchema, 'Methods with the new default'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const body = c.req.valid('json');
      await findOrganization(orgId);
      if (body.method === 'prepaid') {
        if (body.paymentMethodId)
          throw new ApiError(400, 'invalid_request', 'paymentMethodId: not used with the prepaid balance', [
            { field: 'paymentMethodId', message: 'not used with the prepaid balance' },
          ]);
        await models.Organization.updateOne(
          { _id: orgId },
          { $set: { defaultPaymentMethod: 'prepaid' }, $unset: { defaultPaymentMethodId: 1 } },
        );
        await signalPaymentMethodChanged(temporal, orgId, { method: 'prepaid' }); // an unpaid cycle is retried with it
        return c.json(await listMethods(orgId), 200);
      }
      const filter = { orgId, kind: body.method, status: 'active', ...(body.paymentMethodId ? { _id: body.paymentMethodId } : {}) };
      const method = await models.PaymentMethod.findOne(filter, { _id: 1 }).sort({ createdAt: -1 }).lean();
      if (!method) {
        if (body.paymentMethodId) throw notFound(`${body.method === 'paypal' ? 'PayPal' : 'card'} payment method ${body.paymentMethodId}`);
        throw conflict(`there is no saved ${body.method === 'paypal' ? 'PayPal billing agreement' : 'card'}: set one up first`);
      }
      await models.Organization.updateOne(
        { _id: orgId },
        { $set: { defaultPaymentMethod: body.method, defaultPaymentMethodId: method._id } },
      );
      await signalPaymentMethodChanged(temporal, orgId, { method: body.method, methodId: method._id }); // an unpaid cycle is retried with it
      return c.json(await listMethods(orgId), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/organizations/{orgId}/payment-methods/{methodId}',
      tags: ['Payment methods'],
      summary: 'Remove a saved method: never charged again, revoked at the provider; a removed default falls back to prepaid',
      request: { params: MethodParams },
      responses: { 200: ok(PaymentMethodsSchema, 'The remaining methods'), ...errorResponses },
    }),
    async (c) => {
      const { orgId, methodId } = c.req.valid('param');
      await findOrganization(orgId);
      const method = await models.PaymentMethod.findOne({ _id: methodId, orgId }, { status: 1 }).lean();
      if (!method) throw notFound('payment method');
      // Marked first, so it is never charged again whatever happens next; removing a removed method again
      // only re-runs the (idempotent) revocation, which is how a failed start below gets another chance.
      await models.PaymentMethod.updateOne({ _id: methodId, status: 'active' }, { $set: { status: 'removed', removedAt: new Date() } });
      await models.Organization.updateOne(
        { _id: orgId, defaultPaymentMethodId: methodId },
        { $set: { defaultPaymentMethod: 'prepaid' }, $unset: { defaultPaymentMethodId: 1 } },
      );
      await temporal.workflow.start('paymentMethodRemovalWorkflow', {
        workflowId: paymentMethodRemovalWorkflowId(methodId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ methodId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return c.json(await listMethods(orgId), 200);
    },
  );

  return router;
}

/**
 * Where PayPal sends the payer's browser back: no API key, the attempt id in the path is what ties the
 * visit to one set-up, and PayPal (not this request) has the last word on approval, which the workflow
 * checks before saving anything.
 */
export function paypalBrowserRoutes({ models, temporal }: AppDeps) {
  const router = createRouter();
  const ReturnSchema = z
    .object({ received: z.boolean(), state: z.string(), message: z.string(), method: SavedMethodSchema.optional() })
    .openapi('PayPalReturn');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/paypal/setup/{orgId}/{attemptId}/return',
      tags: ['Payment methods'],
      summary: "PayPal's return URL after the payer approved (browser redirect, no API key)",
      security: [],
      request: { params: ReturnParams, query: ReturnQuery },
      responses: {
        202: ok(ReturnSchema, 'Approval received'),
        200: ok(ReturnSchema, 'Already set up'),
        409: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Nothing awaits approval' },
        400: errorResponses[400],
        500: errorResponses[500],
      },
    }),
    async (c) => {
      const { orgId, attemptId } = c.req.valid('param');
      const { approval_token_id: setupTokenId } = c.req.valid('query');
      try {
        await temporal.workflow
          .getHandle(paypalSetupWorkflowId(orgId))
          .signal(paypalApprovalSignal, { source: 'return', attemptId, ...(setupTokenId ? { setupTokenId } : {}) });
        return c.json(
          {
            received: true,
            state: 'approval_received',
            message:
              'Thank you: your PayPal approval was received. We confirm it with PayPal and e-mail you when it is set up; you can close this page.',
          },
          202,
        );
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      // A reload after the set-up finished: say what became of it.
      const saved = setupTokenId ? await models.PaymentMethod.findOne({ orgId, 'paypal.setupTokenId': setupTokenId }).lean() : null;
      if (!saved) throw conflict('no PayPal set-up is awaiting approval for this link');
      return c.json(
        {
          received: false,
          state: 'active',
          message: 'Your PayPal billing agreement is already set up.',
          method: paymentMethodView(saved, undefined),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/paypal/setup/{orgId}/{attemptId}/cancel',
      tags: ['Payment methods'],
      summary: "PayPal's cancel URL when the payer cancelled at PayPal (browser redirect, no API key)",
      security: [],
      request: { params: ReturnParams, query: ReturnQuery },
      responses: {
        200: ok(PayPalSetupSchema, 'Cancelled'),
        404: { content: { 'application/json': { schema: ErrorSchema } }, description: 'The link belongs to another attempt' },
        409: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Nothing awaits approval' },
        400: errorResponses[400],
        500: errorResponses[500],
      },
    }),
    async (c) => {
      const { orgId, attemptId } = c.req.valid('param');
      try {
        const status = await temporal.workflow
          .getHandle(paypalSetupWorkflowId(orgId))
          .executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'the payer, at PayPal', reason: 'cancelled at PayPal', attemptId }] });
        return c.json(
          {
            workflowId: paypalSetupWorkflowId(orgId),
            state: status.state,
            ...(status.setupTokenId ? { setupTokenId: status.setupTokenId } : {}),
            ...(status.method ? { method: status.method } : {}),
          },
          200,
        );
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict('no PayPal set-up is awaiting approval for this link');
        updateFailureToApiError(error);
      }
    },
  );

  return router;
}
