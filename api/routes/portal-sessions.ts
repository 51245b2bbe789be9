/** Portal links: the provider's backend asks for one and sends its customer's browser to the URL. */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors';
import { requireOrganizationAccess } from '../middleware/auth';
import { createPortalLink } from '../portal/session';
import { createRouter } from '../router';
import { errorResponses, OrgIdParam } from '../schemas';
import type { AppDeps } from '../types';

const CreatePortalSessionBody = z
  .object({
    returnUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .openapi({ description: 'Your own portal: every portal page links back to it', example: 'https://portal.example.com/billing' }),
  })
  .openapi('CreatePortalSession');

const PortalSessionSchema = z
  .object({
    url: z.string().openapi({ description: 'Open it once, within minutes: it becomes a browser session of a few hours' }),
    expiresAt: z.string().openapi({ description: 'When the link stops working if nobody opened it' }),
  })
  .openapi('PortalSession');

export function portalSessionRoutes({ models, config }: AppDeps) {
  const router = createRouter();
  router.use('/organizations/:orgId/portal-sessions', requireOrganizationAccess);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/organizations/{orgId}/portal-sessions',
      tags: ['Portal'],
      summary: 'A single-use link to the customer portal for this organization (short-lived; opens a browser session)',
      request: { params: OrgIdParam, body: { content: { 'application/json': { schema: CreatePortalSessionBody } }, required: false } },
      responses: {
        201: { content: { 'application/json': { schema: PortalSessionSchema } }, description: 'The link' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const hasBody = (c.req.header('content-type') ?? '').includes('json');
      const { returnUrl } = hasBody ? c.req.valid('json') : { returnUrl: undefined };
      if (!(await models.Organization.exists({ _id: orgId }))) throw notFound('organization');
      const link = await createPortalLink({ models, config }, orgId, returnUrl);
      return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 201);
    },
  );
  return router;
}
