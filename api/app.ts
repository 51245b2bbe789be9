import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { createEventRecorder } from '../activities/events';
import { silentLogger } from '../config/logger';
import { createBillingReads } from './billing-reads';
import { serveDocs } from './docs';
import { errorBody, handleError } from './errors';
import { authenticate } from './middleware/auth';
import { bodyLimits } from './middleware/body-limits';
import { idempotency } from './middleware/idempotency';
import { createApiMetrics, metricsHandler, observeRequests } from './observability';
import { bankCreditAdminRoutes, bankReportRoutes } from './routes/bank-credits';
import { bankStatementRoutes } from './routes/bank-statements';
import { billingRoutes } from './routes/billing';
import { eventRoutes } from './routes/events';
import { billingOperationRoutes } from './routes/billing-operations';
import { creditNoteRoutes } from './routes/credit-notes';
import { exportRoutes } from './routes/exports';
import { invoiceRoutes } from './routes/invoices';
import { opsRoutes } from './routes/ops';
import { organizationRoutes } from './routes/organizations';
import { outboxRoutes } from './routes/outbox';
import { paymentMethodRoutes } from './routes/payment-methods';
import { paypalBrowserRoutes } from './routes/paypal-browser';
import { topUpRoutes } from './routes/top-ups';
import { webhookEndpointRoutes } from './routes/webhook-endpoints';
import { webhookRoutes } from './routes/webhooks';
import { organizationApi } from './portal/engine-api';
import { portalRoutes } from './portal/routes';
import { portalSessionRoutes } from './routes/portal-sessions';
import { createRouter } from './router';
import type { AppDeps, AppEnv, AppInput } from './types';

export const OPENAPI_PATH = '/openapi.json';
/** Swagger UI over OPENAPI_PATH, its assets served by the API itself (api/docs.ts). */
export const DOCS_PATH = '/docs';

export function createApp(appDeps: AppInput) {
  const deps: AppDeps = { ...appDeps, events: appDeps.events ?? createEventRecorder(appDeps), reads: createBillingReads(appDeps) };
  const app = new OpenAPIHono<AppEnv>();
  // The process entry (api/server.ts) passes the real logger; an app built without one (tests) logs nothing.
  const logger = deps.logger ?? silentLogger();
  const metrics = createApiMetrics();
  app.use('*', requestId(), observeRequests({ logger, metrics }));
  app.use('/v1/*', bodyLimits(deps.config.BANK_STATEMENT_MAX_BYTES));
  app.onError(handleError);
  app.notFound((c) => {
    // A path that exists under other methods answers 405 with those methods (RFC 9110), not 404.
    const allowed = methodsAt(app.routes, c.req.path);
    if (allowed.length === 0) return c.json(errorBody(c, 'not_found', `no route ${c.req.method} ${c.req.path}`), 404);
    c.header('Allow', allowed.join(', '));
    return c.json(errorBody(c, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}`), 405);
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  // Prometheus scrape (request counts and latency histograms); block it at the ingress if the API is public.
  app.get('/metrics', metricsHandler(metrics));
  serveDocs(app, { docsPath: DOCS_PATH, specUrl: OPENAPI_PATH, title: 'Billing engine API' });
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
  // Likewise providers' webhooks (signed) and PayPal's browser redirects back to us (no key in a browser).
  v1.route('/', webhookRoutes(deps));
  // A browser PayPal sends back lands on the portal's outcome page once the JSON route has recorded the answer.
  v1.use('/paypal/setup/*', async (c, next) => {
    await next();
    const outcome = c.req.path.endsWith('/cancel') ? 'cancel' : 'return';
    if (c.req.header('accept')?.includes('text/html')) c.res = c.redirect(`/portal/paypal/${outcome}`, 303);
  });
  v1.route('/', paypalBrowserRoutes(deps));
  v1.use('*', authenticate(deps), idempotency(deps));
  v1.route('/', organizationRoutes(deps));
  v1.route('/', topUpRoutes(deps));
  v1.route('/', invoiceRoutes(deps));
  v1.route('/', outboxRoutes(deps));
  v1.route('/', bankCreditAdminRoutes(deps));
  v1.route('/', bankStatementRoutes(deps));
  v1.route('/', opsRoutes(deps));
  v1.route('/', paymentMethodRoutes(deps));
  v1.route('/', billingRoutes(deps));
  v1.route('/', eventRoutes(deps));
  v1.route('/', webhookEndpointRoutes(deps));
  v1.route('/', portalSessionRoutes(deps));
  v1.route('/', billingOperationRoutes(deps));
  v1.route('/', creditNoteRoutes(deps));
  v1.route('/', exportRoutes(deps));
  app.route('/v1', v1);
  // The customer portal acts through the routes above, in-process, as the session's organization.
  app.route(
    '/portal',
    portalRoutes(
      deps,
      organizationApi((request, env) => app.fetch(request, env)),
    ),
  );

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

/**
 * The methods routed at a concrete path (middleware, registered as ALL, does not count), from the most
 * specific routes that match: `/payment-methods/card` is the document's path with GET and POST, even though
 * `/payment-methods/{methodId}` (DELETE) matches it too.
 */
function methodsAt(routes: readonly { method: string; path: string }[], path: string): string[] {
  const matching: { method: string; params: number }[] = [];
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const pattern = new RegExp(`^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`);
    if (pattern.test(path)) matching.push({ method: route.method, params: route.path.split(':').length - 1 });
  }
  const fewest = Math.min(...matching.map((route) => route.params));
  return [...new Set(matching.filter((route) => route.params === fewest).map((route) => route.method))].sort();
}
