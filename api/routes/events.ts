import { createRoute, z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../../domain/event-types';
import { toEventDto, type EventRecord } from '../../models/event';
import { invalid, notFound } from '../errors';
import { requireAdmin } from '../middleware/auth';
import { ListQuery, listOf, listPage } from '../pagination';
import { createRouter } from '../router';
import { adminErrorResponses, errorResponses } from '../schemas';
import type { AppDeps } from '../types';

export const EventSchema = z
  .object({
    id: z.string().openapi({ description: 'Stable: the webhook-id of every delivery of this event', example: 'evt_…' }),
    type: z.enum(EVENT_TYPES),
    orgId: z.string().nullable().openapi({ description: 'Null for platform events (an unmatched bank credit, an endpoint disabled)' }),
    sequence: z.int().openapi({ description: "Gapless per organization (or platform): order a receiver's events by it" }),
    createdAt: z.string(),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'The objects of the fact, as the API shows them' }),
  })
  .openapi('Event');

const EventIdParam = z.object({
  eventId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'eventId', in: 'path' } }),
});

const RedeliverBody = z
  .object({
    eventId: z.string().max(64).optional().openapi({ description: 'One event…' }),
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: '…or every event created from this time…' }),
    until: z.iso.datetime({ offset: true }).optional().openapi({ description: '…until this time (exclusive)' }),
    endpointId: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: 'Only to this endpoint; else to every endpoint that wants each event' }),
  })
  .openapi('Redeliver');

/** Events redelivered by one request at most: a longer range is asked in several. */
const MAX_REDELIVER = 50_000;

/** The event feed (admin: every event; an organization's key: its own) and the admin's redelivery. */
export function eventRoutes({ models, events }: AppDeps) {
  const router = createRouter();
  router.use('/admin/events/*', requireAdmin);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      tags: ['Events'],
      summary: "Events, newest first (admin: all, or one organization's; an organization's key: its own)",
      request: {
        query: ListQuery.extend({
          type: z.enum(EVENT_TYPES).optional(),
          orgId: z.string().max(64).optional().openapi({ description: 'Admin: one organization; "platform" for platform events' }),
        }),
      },
      responses: {
        200: { content: { 'application/json': { schema: listOf(EventSchema, 'EventList') } }, description: 'Events' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { type, orgId, ...page } = c.req.valid('query');
      const principal = c.get('principal');
      if (principal.kind === 'organization' && orgId && orgId !== principal.orgId) throw notFound('organization');
      const scope = principal.kind === 'organization' ? principal.orgId : orgId;
      const filter = { ...(scope ? { orgId: scope === 'platform' ? null : scope } : {}), ...(type ? { type } : {}) };
      const { docs, hasMore, nextCursor } = await listPage<EventRecord & { _id: string }>(models.Event, filter, {
        sortField: 'createdAt',
        ...page,
      });
      return c.json({ data: docs.map(toEventDto) as z.infer<typeof EventSchema>[], hasMore, nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/events/{eventId}',
      tags: ['Events'],
      summary: 'One event',
      request: { params: EventIdParam },
      responses: { 200: { content: { 'application/json': { schema: EventSchema } }, description: 'The event' }, ...errorResponses },
    }),
    async (c) => {
      const { eventId } = c.req.valid('param');
      const principal = c.get('principal');
      const event = await models.Event.findOne({ id: eventId }).lean<EventRecord>();
      if (!event || (principal.kind === 'organization' && event.orgId !== principal.orgId)) throw notFound('event');
      return c.json(toEventDto(event) as z.infer<typeof EventSchema>, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/events/redeliver',
      tags: ['Events'],
      summary: 'Deliver one event, or every event of a time range, again (admin key); same event ids',
      request: { body: { content: { 'application/json': { schema: RedeliverBody } }, required: true } },
      responses: {
        202: {
          content: { 'application/json': { schema: z.object({ events: z.int(), deliveries: z.int() }) } },
          description: 'Queued for delivery: how many events, and how many (event, endpoint) deliveries',
        },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!body.eventId === !(body.from && body.until)) {
        throw invalid([{ field: body.eventId ? 'eventId' : 'from', message: 'give either eventId, or both from and until' }]);
      }
      const endpoints = (await models.WebhookEndpoint.find(body.endpointId ? { _id: body.endpointId } : {}, { eventTypes: 1 }).lean()).map(
        (e) => ({ id: e._id as string, eventTypes: (e.eventTypes ?? []) as string[] }),
      );
      if (body.endpointId && !endpoints.length) throw notFound('webhook endpoint');
      const selected = body.eventId
        ? await models.Event.find({ id: body.eventId }, { id: 1, type: 1 }).lean<EventRecord[]>()
        : await models.Event.find({ createdAt: { $gte: new Date(body.from!), $lt: new Date(body.until!) } }, { id: 1, type: 1 })
            .sort({ createdAt: 1 })
            .limit(MAX_REDELIVER + 1)
            .lean<EventRecord[]>();
      if (body.eventId && !selected.length) throw notFound('event');
      if (selected.length > MAX_REDELIVER) {
        throw invalid([{ field: 'until', message: `more than ${MAX_REDELIVER} events in this range: redeliver it in parts` }]);
      }
      const deliveries = await events.redeliver(selected, endpoints, body.endpointId);
      return c.json({ events: selected.length, deliveries }, 202);
    },
  );

  return router;
}
