import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { errorBody, handleError } from './errors';
import { authenticate } from './middleware/auth';
import { idempotency } from './middleware/idempotency';
import { bankCreditAdminRoutes, bankReportRoutes } from './routes/bank-credits';
import { invoiceRoutes } from './routes/invoices';
import { organizationRoutes } from './routes/organizations';
import { outboxRoutes } from './routes/outbox';
import { topUpRoutes } from './routes/top-ups';
import { createRouter } from './router';
import type { AppDeps, AppEnv } from './types';

export const OPENAPI_PATH = '/openapi.json';

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestId());
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody(c, 'not_found', `no route ${c.req.method} ${c.req.path}`), 404));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const checks = await Promise.allSettled([
      deps.models.Organization.db.db!.admin().ping(),
      deps.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const ready = database === 'ok' && temporal === 'ok';
    return c.json({ status: ready ? 'ready' : 'not_ready', database, temporal }, ready ? 200 : 503);
  });

  const v1 = createRouter();
  // The bank signs its requests instead of sending an API key, so its route comes before key authentication.
  v1.route('/', bankReportRoutes(deps));
  v1.use('*', authenticate(deps), idempotency(deps));
  v1.route('/', organizationRoutes(deps));
  v1.route('/', topUpRoutes(deps));
  v1.route('/', invoiceRoutes(deps));
  v1.route('/', outboxRoutes(deps));
  v1.route('/', bankCreditAdminRoutes(deps));
  app.route('/v1', v1);

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An organization API key (sk_org_…) or the admin key',
  });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: { title: 'Billing engine API', version: '1.0.0', description: 'Prepaid top-ups, invoices and bank reconciliation.' },
    security: [{ apiKey: [] }],
  });
  return app;
}
