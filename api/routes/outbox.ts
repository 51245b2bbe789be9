import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../middleware/auth';
import { createRouter } from '../router';
import { adminErrorResponses, errorResponses, OrgIdParam, PageQuery } from '../schemas';
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

  async function list(filter: Record<string, string>, limit: number) {
    const emails = await models.OutboxEmail.find(filter).sort({ createdAt: -1 }).limit(limit).lean();
    return emails.map((e) => ({
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
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/dev/outbox',
      tags: ['E-mails'],
      summary: 'Every e-mail sent (admin key), newest first',
      request: { query: PageQuery.extend({ orgId: z.string().optional() }) },
      responses: {
        200: { content: { 'application/json': { schema: z.object({ emails: z.array(EmailSchema) }) } }, description: 'E-mails' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { limit, orgId } = c.req.valid('query');
      return c.json({ emails: await list(orgId ? { orgId } : {}, limit) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/emails',
      tags: ['E-mails'],
      summary: 'The e-mails sent to one organization, newest first',
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: { content: { 'application/json': { schema: z.object({ emails: z.array(EmailSchema) }) } }, description: 'E-mails' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      return c.json({ emails: await list({ orgId }, limit) }, 200);
    },
  );

  return router;
}
