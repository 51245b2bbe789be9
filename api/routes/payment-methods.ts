/**
 * Payment methods: start a PayPal billing agreement or a card set-up (each a workflow, one pending attempt
 * per organization and provider, both served by one set of set-up routes), the card's confirm, listing, the
 * default method, and removal. The workflows call the providers and write the methods; these handlers only
 * read, and talk to Temporal.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PaymentMethodKind } from '../../domain/payment-methods';
import { paymentMethodView } from '../../models/payment-method';
import {
  cancelCardSetupUpdate,
  cancelPayPalSetupUpdate,
  cardSetupStartedUpdate,
  cardSetupStatusQuery,
  cardSetupWorkflowId,
  confirmCardSetupUpdate,
  paymentMethodRemovalWorkflowId,
  paymentMethodRemovedUpdate,
  paypalSetupStartedUpdate,
  paypalSetupStatusQuery,
  paypalSetupWorkflowId,
  type CardSetupInput,
  type CardSetupStatus,
  type OperatorRequest,
  type PayPalSetupInput,
  type PayPalSetupStatus,
} from '../../workflows/definitions';
import { setDefaultPaymentMethod } from '../billing-client';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { requireOrganizationAccess } from '../middleware/auth';
import { createRouter } from '../router';
import { errorResponses, IdempotencyHeader, OrgIdParam } from '../schemas';
import { sendUpdate, updateFailureToApiError } from '../temporal-errors';
import type { AppDeps, AppEnv, Principal } from '../types';
import {
  CANCELLED_BY_CUSTOMER,
  CancelBody,
  CardSetupSchema,
  cardDto,
  ConfirmCardBody,
  DefaultBody,
  jsonBody,
  MethodParams,
  ok,
  PaymentMethodsSchema,
  PayPalSetupSchema,
  paypalDto,
  providerUnavailable,
  StartBody,
} from './payment-methods.schemas';

/** The routes that answer the organization's saved methods and its default. */
const methodsRoute = <M extends 'get' | 'put' | 'delete', P extends string, R extends RouteConfig['request']>(
  method: M,
  path: P,
  summary: string,
  request: R,
  answer: string,
) =>
  createRoute({
    method,
    path,
    tags: ['Payment methods'],
    summary,
    request,
    responses: { 200: ok(PaymentMethodsSchema, answer), ...errorResponses },
  });

const operatorName = (principal: Principal) => (principal.kind === 'organization' ? `customer ${principal.orgId}` : principal.kind);

/** Optional JSON bodies: validated when sent, defaults when not (a bare POST is fine). */
function optionalJson<T>(c: Context<AppEnv>, valid: () => T, fallback: T): T {
  return (c.req.header('content-type') ?? '').includes('json') ? valid() : fallback;
}

/** What differs between the PayPal and the card set-up; the routes around them are the same. */
interface SetupKind<Status extends { state: string; error?: { message: string } }> {
  kind: PaymentMethodKind;
  /** "PayPal", "card": in summaries and errors. */
  name: string;
  workflowType: string;
  workflowId: (orgId: string) => string;
  started: UpdateDefinition<Status>;
  status: QueryDefinition<Status>;
  cancel: UpdateDefinition<Status, [OperatorRequest]>;
  schema: z.ZodType;
  dto: (status: Status) => object;
  input: (orgId: string, makeDefault: boolean) => PayPalSetupInput | CardSetupInput;
  /** The state it waits for the customer in, as said in refusals. */
  awaiting: string;
  startSummary: string;
  startAnswer: string;
  cancelSummary: string;
  /** What an idempotent replay of the start stores, when it must not keep a secret. */
  replayBody?: (body: object) => object;
}

export function paymentMethodRoutes({ models, config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/organizations/:orgId/payment-methods', requireOrganizationAccess);
  router.use('/organizations/:orgId/payment-methods/*', requireOrganizationAccess);

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

  /** The attempt's status, or undefined when no attempt ever ran for this organization. */
  async function query<T>(handle: WorkflowHandle, definition: QueryDefinition<T>): Promise<T | undefined> {
    try {
      return await handle.query(definition);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /** Start (or join the pending attempt), read the latest attempt, cancel it: the same three routes per kind. */
  function setupRoutes<Status extends { state: string; error?: { message: string } }>(setup: SetupKind<Status>) {
    const path = `/organizations/{orgId}/payment-methods/${setup.kind}`;
    router.openapi(
      createRoute({
        method: 'post',
        path,
        tags: ['Payment methods'],
        summary: setup.startSummary,
        request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(StartBody, false) },
        responses: { 201: ok(setup.schema, setup.startAnswer), 502: providerUnavailable, ...errorResponses },
      }),
      async (c) => {
        const { orgId } = c.req.valid('param');
        const { makeDefault } = optionalJson(c, () => c.req.valid('json'), { makeDefault: false });
        const org = await findOrganization(orgId);
        if (org.status === 'cancelled') throw conflict('the organization is cancelled');
        const startWorkflowOperation = new WithStartWorkflowOperation(setup.workflowType, {
          workflowId: setup.workflowId(orgId),
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          args: [setup.input(orgId, makeDefault)],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        const status = await temporal.workflow.executeUpdateWithStart(setup.started, { startWorkflowOperation });
        if (status.state === 'failed') {
          throw new ApiError(502, 'provider_error', `${setup.name} set-up could not start: ${status.error?.message ?? 'unknown error'}`);
        }
        const body = setup.dto(status);
        if (setup.replayBody) c.set('idempotentReplayBody', setup.replayBody(body));
        return c.json(body, 201);
      },
    );

    router.openapi(
      createRoute({
        method: 'get',
        path,
        tags: ['Payment methods'],
        summary: `The latest ${setup.name} set-up attempt`,
        request: { params: OrgIdParam },
        responses: { 200: ok(setup.schema, 'The attempt'), ...errorResponses },
      }),
      async (c) => {
        const { orgId } = c.req.valid('param');
        await findOrganization(orgId);
        const status = await query(temporal.workflow.getHandle(setup.workflowId(orgId)), setup.status);
        if (!status) throw notFound(`${setup.name} set-up`);
        return c.json(setup.dto(status), 200);
      },
    );

    router.openapi(
      createRoute({
        method: 'post',
        path: `${path}/cancel`,
        tags: ['Payment methods'],
        summary: setup.cancelSummary,
        request: { params: OrgIdParam, headers: IdempotencyHeader, body: jsonBody(CancelBody, false) },
        responses: { 200: ok(setup.schema, 'Cancelled'), ...errorResponses },
      }),
      async (c) => {
        const { orgId } = c.req.valid('param');
        const { reason } = optionalJson(c, () => c.req.valid('json'), { reason: CANCELLED_BY_CUSTOMER });
        await findOrganization(orgId);
        const status = await sendUpdate(
          () =>
            temporal.workflow
              .getHandle(setup.workflowId(orgId))
              .executeUpdate(setup.cancel, { args: [{ by: operatorName(c.get('principal')), reason }] }),
          () => conflict(`no ${setup.name} set-up is ${setup.awaiting}`),
        );
        return c.json(setup.dto(status), 200);
      },
    );
  }

  setupRoutes<PayPalSetupStatus>({
    kind: 'paypal',
    name: 'PayPal',
    workflowType: 'paypalApprovalWorkflow',
    workflowId: paypalSetupWorkflowId,
    started: paypalSetupStartedUpdate,
    status: paypalSetupStatusQuery,
    cancel: cancelPayPalSetupUpdate,
    schema: PayPalSetupSchema,
    dto: paypalDto,
    input: (orgId, makeDefault) => ({
      orgId,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      approvalTimeout: config.PAYPAL_APPROVAL_TIMEOUT,
      makeDefault,
    }),
    awaiting: 'awaiting approval',
    startSummary: 'Start a PayPal billing agreement: answers the approval URL (the pending attempt, if one is running)',
    startAnswer: "Awaiting the payer's approval",
    cancelSummary: 'Cancel the PayPal set-up awaiting approval',
  });

  setupRoutes<CardSetupStatus>({
    kind: 'card',
    name: 'card',
    workflowType: 'cardSetupWorkflow',
    workflowId: cardSetupWorkflowId,
    started: cardSetupStartedUpdate,
    status: cardSetupStatusQuery,
    cancel: cancelCardSetupUpdate,
    schema: CardSetupSchema,
    dto: cardDto,
    input: (orgId, makeDefault) => ({ orgId, setupTimeout: config.CARD_SETUP_TIMEOUT, makeDefault }),
    awaiting: 'awaiting confirmation',
    startSummary: 'Start a card set-up: answers a SetupIntent client secret for Stripe.js (the pending attempt, if one is running)',
    startAnswer: 'Awaiting confirmation with Stripe.js',
    cancelSummary: 'Cancel the card set-up awaiting confirmation (its client secret stops working)',
    // A replay answers without the client secret; a fresh POST (the same pending set-up) answers with it.
    replayBody: (body) => ({ ...body, clientSecret: null }),
  });

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
      const status = await temporal.workflow
        .getHandle(cardSetupWorkflowId(orgId))
        .executeUpdate(confirmCardSetupUpdate, { args: [{ setupIntentId }] })
        .catch(async (error: unknown): Promise<CardSetupStatus> => {
          if (!(error instanceof WorkflowNotFoundError)) return updateFailureToApiError(error);
          // No set-up running: the webhook may already have finished this one.
          const saved = await models.PaymentMethod.findOne({ orgId, 'card.setupIntentId': setupIntentId }).lean();
          if (!saved) throw conflict('no card set-up is awaiting confirmation');
          const org = await findOrganization(orgId);
          return { orgId, state: 'active', setupIntentId, method: paymentMethodView(saved, org.defaultPaymentMethodId), failedAttempts: 0 };
        });
      return c.json(cardDto(status), 200);
    },
  );

  router.openapi(
    methodsRoute(
      'get',
      '/organizations/{orgId}/payment-methods',
      'Saved payment methods and the default',
      { params: OrgIdParam },
      'Methods, newest first',
    ),
    async (c) => c.json(await listMethods(c.req.valid('param').orgId), 200),
  );

  router.openapi(
    methodsRoute(
      'put',
      '/organizations/{orgId}/payment-methods/default',
      'Choose how invoices are paid: prepaid balance, PayPal or card',
      { params: OrgIdParam, body: jsonBody(DefaultBody) },
      'Methods with the new default',
    ),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const body = c.req.valid('json');
      await findOrganization(orgId);
      if (body.method === 'prepaid') {
        if (body.paymentMethodId) throw invalid([{ field: 'paymentMethodId', message: 'not used with the prepaid balance' }]);
        await setDefaultPaymentMethod({ models, temporal, config }, orgId, { method: 'prepaid' });
        return c.json(await listMethods(orgId), 200);
      }
      const filter = { orgId, kind: body.method, status: 'active', ...(body.paymentMethodId ? { _id: body.paymentMethodId } : {}) };
      const method = await models.PaymentMethod.findOne(filter, { _id: 1 }).sort({ createdAt: -1 }).lean();
      const what = body.method === 'paypal' ? 'PayPal' : 'card';
      if (!method) {
        if (body.paymentMethodId) throw notFound(`${what} payment method ${body.paymentMethodId}`);
        throw conflict(`there is no saved ${body.method === 'paypal' ? 'PayPal billing agreement' : 'card'}: set one up first`);
      }
      await setDefaultPaymentMethod({ models, temporal, config }, orgId, { method: body.method, methodId: method._id });
      return c.json(await listMethods(orgId), 200);
    },
  );

  router.openapi(
    methodsRoute(
      'delete',
      '/organizations/{orgId}/payment-methods/{methodId}',
      'Remove a saved method: never charged again, revoked at the provider; a removed default falls back to prepaid',
      { params: MethodParams },
      'The remaining methods',
    ),
    async (c) => {
      const { orgId, methodId } = c.req.valid('param');
      await findOrganization(orgId);
      const method = await models.PaymentMethod.findOne({ _id: methodId, orgId }, { _id: 1 }).lean();
      if (!method) throw notFound('payment method');
      // Answers once the workflow has marked it removed; the revocation at the provider goes on after.
      const startWorkflowOperation = new WithStartWorkflowOperation('paymentMethodRemovalWorkflow', {
        workflowId: paymentMethodRemovalWorkflowId(methodId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ methodId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      await temporal.workflow.executeUpdateWithStart(paymentMethodRemovedUpdate, { startWorkflowOperation });
      return c.json(await listMethods(orgId), 200);
    },
  );

  return router;
}
