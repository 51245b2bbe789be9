import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../middleware/auth';
import { createRouter } from '../router';
import type { OutboxEmail } from '../../models/outbox-email';
import { ListQuery, listOf, listPage } from '../pagination';
import { adminErrorResponses, errorResponses, OrgIdParam } from '../schemas';
import type { AppDeps } from '../types';

const EmailSchema = z
  .object({
    key: z.string(),
    orgId: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string().optional().openapi({ description: 'The HTML part, when there is one' }),
    attachments: z.array(z.object({ filename: z.string(), invoiceId: z.string() })),
    transport: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Email');

/** The e-mails the engine sent: the dev outbox when no Resend key is configured, the send log otherwise. */
export function outboxRoutes({ models }: AppDeps) {
  const router = createRouter();
  router.use('/dev/outbox', requireAdmin);

  const EmailList = listOf(EmailSchema, 'EmailList');

  async function list(filter: Record<string, string>, query: z.infer<typeof ListQuery>) {
    const { docs, hasMore, nextCursor } = await listPage<OutboxEmail & { _id: string }>(models.OutboxEmail, filter, {
      sortField: 'createdAt',
      ...query,
    });
    const data = docs.map((e) => ({
      key: e._id,
      orgId: e.orgId,
      to: e.to,
      subject: e.subject,
      text: e.text,
      ...(e.html ? { html: e.html } : {}),
      attachments: e.attachments.map((a: { filename?: string | null; invoiceId?: string | null }) => ({
        filename: a.filename ?? '',
        invoiceId: a.invoiceId ?? '',
      })),
      transport: e.transport,
      sentAt: e.sentAt ? e.sentAt.toISOString() : null,
    }));
    return { data, hasMore, nextCursor };
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/dev/outbox',
      tags: ['E-mails'],
      summary: 'Every e-mail sent (admin key), newest first',
      request: { query: ListQuery.extend({ orgId: z.string().optional() }) },
      responses: {
        200: { content: { 'application/json': { schema: EmailList } }, description: 'E-mails' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { orgId, ...page } = c.req.valid('query');
      return c.json(await list(orgId ? { orgId } : {}, page), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/emails',
      tags: ['E-mails'],
      summary: 'The e-mails sent to one organization, newest first',
      request: { params: OrgIdParam, query: ListQuery },
      responses: {
        200: { content: { 'application/json': { schema: EmailList } }, description: 'E-mails' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      return c.json(await list({ orgId }, c.req.valid('query')), 200);
    },
  );

  return router;
}
