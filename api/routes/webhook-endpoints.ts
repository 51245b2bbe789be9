import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createRoute, z } from '@hono/zod-openapi';
import { webhookUrlProblem } from '../../activities/webhook-target';
import { EVENT_TYPES } from '../../domain/event-types';
import { newWebhookSecret, type WebhookEndpoint } from '../../models/webhook-endpoint';
import {
  webhookDeliveryStatusQuery,
  webhookDeliveryWorkflowId,
  webhookEndpointChangedSignal,
  type WebhookDeliveryStatus,
} from '../../workflows/webhook-delivery-definitions';
import { invalid, notFound } from '../errors';
import { requireAdmin } from '../middleware/auth';
import { ListQuery, listOf, listPage } from '../pagination';
import { createRouter } from '../router';
import { adminErrorResponses, IdempotencyHeader } from '../schemas';
import type { AppDeps } from '../types';

/** After a rotation the old secret still signs this long, so receivers can switch without losing events. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const EndpointFields = z.object({
  url: z.url().max(2000).openapi({ example: 'https://provider.example/hooks/billing' }),
  eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]).openapi({ description: 'Empty: every type' }),
  enabled: z.boolean().default(true),
  description: z.string().max(500).default(''),
});

const EndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean().openapi({ description: "The admin's switch" }),
    description: z.string(),
    delivery: z.object({
      state: z.enum(['active', 'disabled']).openapi({ description: 'disabled: by an admin, or after failing for the whole retry window' }),
      disabledReason: z.string().optional(),
      disabledAt: z.string().optional(),
    }),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');

const EndpointParam = z.object({
  endpointId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'endpointId', in: 'path' } }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The admin's webhook endpoints: the provider's systems that receive signed events. */
export function webhookEndpointRoutes({ models, config, temporal, events }: AppDeps) {
  const router = createRouter();
  router.use('/admin/webhook-endpoints', requireAdmin);
  router.use('/admin/webhook-endpoints/*', requireAdmin);

  const checkUrl = (url: string) => {
    const problem = webhookUrlProblem(url, config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (problem) throw invalid([{ field: 'url', message: problem }]);
  };

  async function toDto(endpoint: WebhookEndpoint) {
    const health = await models.WebhookEndpointHealth.findById(endpoint._id).lean();
    const autoDisabled = health?.state === 'disabled';
    return {
      id: endpoint._id,
      url: endpoint.url,
      eventTypes: endpoint.eventTypes ?? [],
      enabled: endpoint.enabled,
      description: endpoint.description ?? '',
      delivery: !endpoint.enabled
        ? { state: 'disabled' as const, disabledReason: 'disabled by an admin' }
        : autoDisabled
          ? { state: 'disabled' as const, disabledReason: health.disabledReason ?? '', disabledAt: health.disabledAt?.toISOString() }
          : { state: 'active' as const },
      createdAt: new Date(endpoint.createdAt).toISOString(),
    };
  }

  async function findEndpoint(endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await models.WebhookEndpoint.findById(endpointId).lean<WebhookEndpoint>();
    if (!endpoint) throw notFound('webhook endpoint');
    return endpoint;
  }

  /** Tells the endpoint's delivery workflow, if it runs (it starts with the endpoint's first event). */
  async function tellDelivery(endpointId: string, change: { enabled: boolean; deleted?: boolean }) {
    try {
      await temporal.workflow.getHandle(webhookDeliveryWorkflowId(endpointId)).signal(webhookEndpointChangedSignal, change);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/webhook-endpoints',
      tags: ['Webhooks'],
      summary: 'Add a webhook endpoint (admin key); answers its signing secret once',
      request: { headers: IdempotencyHeader, body: { content: { 'application/json': { schema: EndpointFields } }, required: true } },
      responses: {
        201: json(z.object({ endpoint: EndpointSchema, secret: z.string().nullable() }), 'Created; keep the secret, it is not shown again'),
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      checkUrl(body.url);
      const secret = newWebhookSecret();
      // It takes the events recorded from now on: the delivery stream's entries after today's head.
      const streamFrom = await events.streamHead();
      const created = await models.WebhookEndpoint.create({ _id: `whe_${randomUUID().replace(/-/g, '')}`, ...body, secret, streamFrom });
      const endpoint = await toDto(created.toObject() as WebhookEndpoint);
      c.set('idempotentReplayBody', { endpoint, secret: null });
      return c.json({ endpoint, secret }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/webhook-endpoints',
      tags: ['Webhooks'],
      summary: 'Webhook endpoints, newest first (admin key)',
      request: { query: ListQuery },
      responses: { 200: json(listOf(EndpointSchema, 'WebhookEndpointList'), 'Endpoints'), ...adminErrorResponses },
    }),
    async (c) => {
      const page = await listPage<WebhookEndpoint>(models.WebhookEndpoint, {}, { sortField: 'createdAt', ...c.req.valid('query') });
      return c.json({ data: await Promise.all(page.docs.map(toDto)), hasMore: page.hasMore, nextCursor: page.nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/webhook-endpoints/{endpointId}',
      tags: ['Webhooks'],
      summary: 'One endpoint with its delivery queue: pending, failing, last error (admin key)',
      request: { params: EndpointParam },
      responses: {
        200: json(
          EndpointSchema.extend({
            queue: z.object({
              pending: z.int(),
              failing: z.int(),
              oldestFailureAt: z.string().optional(),
              lastError: z.string().optional(),
            }),
          }),
          'The endpoint',
        ),
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const endpoint = await findEndpoint(c.req.valid('param').endpointId);
      let status: WebhookDeliveryStatus | undefined;
      try {
        status = await temporal.workflow.getHandle(webhookDeliveryWorkflowId(endpoint._id)).query(webhookDeliveryStatusQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      const queue = {
        pending: status?.pending ?? 0,
        failing: status?.failing ?? 0,
        ...(status?.oldestFailureAt ? { oldestFailureAt: status.oldestFailureAt } : {}),
        ...(status?.lastError ? { lastError: status.lastError } : {}),
      };
      return c.json({ ...(await toDto(endpoint)), queue }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/admin/webhook-endpoints/{endpointId}',
      tags: ['Webhooks'],
      summary: 'Change an endpoint (admin key); enabling a disabled one retries everything it missed while queued',
      request: {
        params: EndpointParam,
        body: { content: { 'application/json': { schema: EndpointFields.partial().strict() } }, required: true },
      },
      responses: { 200: json(EndpointSchema, 'The endpoint'), ...adminErrorResponses },
    }),
    async (c) => {
      const { endpointId } = c.req.valid('param');
      // partial() keeps the defaults: only the fields the body names change.
      // Hono validates a JSON body only when it is sent as JSON: without one there is nothing to change.
      const sent = (await c.req.json().catch(() => {
        throw invalid([{ field: '(body)', message: 'a JSON object of the fields to change' }]);
      })) as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([field]) => field in sent));
      if (typeof changes.url === 'string') checkUrl(changes.url);
      await findEndpoint(endpointId);
      await models.WebhookEndpoint.updateOne({ _id: endpointId }, { $set: changes });
      if (typeof changes.enabled === 'boolean') await tellDelivery(endpointId, { enabled: changes.enabled });
      return c.json(await toDto(await findEndpoint(endpointId)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/webhook-endpoints/{endpointId}',
      tags: ['Webhooks'],
      summary: 'Remove an endpoint (admin key); its pending deliveries are dropped',
      request: { params: EndpointParam },
      responses: { 204: { description: 'Removed' }, ...adminErrorResponses },
    }),
    async (c) => {
      const { endpointId } = c.req.valid('param');
      await findEndpoint(endpointId);
      await models.WebhookEndpoint.deleteOne({ _id: endpointId });
      await tellDelivery(endpointId, { enabled: false, deleted: true });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/webhook-endpoints/{endpointId}/rotate-secret',
      tags: ['Webhooks'],
      summary: 'Replace the signing secret (admin key); deliveries carry both signatures for 24 hours',
      request: { params: EndpointParam },
      responses: {
        200: json(z.object({ secret: z.string(), previousSecretValidUntil: z.string() }), 'The new secret, shown once'),
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const endpoint = await findEndpoint(c.req.valid('param').endpointId);
      const secret = newWebhookSecret();
      const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
      await models.WebhookEndpoint.updateOne(
        { _id: endpoint._id },
        { $set: { secret, previousSecret: endpoint.secret, previousSecretUntil: until } },
      );
      c.set('idempotentReplayBody', { secret: null, previousSecretValidUntil: until.toISOString() });
      return c.json({ secret, previousSecretValidUntil: until.toISOString() }, 200);
    },
  );

  return router;
}
