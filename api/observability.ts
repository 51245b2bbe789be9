import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '../config/logger';
import type { AppEnv } from './types';

/**
 * The API's Prometheus metrics, in a registry of their own (one per app, so tests can build many apps in
 * one process). Served at GET /metrics on the API port; see the README's "Metrics".
 */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'billing_api_' });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Probes and scrapes: logged at debug, so a 5-second health check does not fill the log. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * The route pattern that answered ("/v1/organizations/:orgId/top-ups"), never the raw path: metric labels
 * stay few however many ids there are. Middleware is registered as method ALL; a request that reached no
 * handler is "unmatched".
 */
export function routePattern(c: Context): string {
  const handlers = matchedRoutes(c).filter((route) => route.method !== 'ALL');
  return handlers.at(-1)?.path ?? 'unmatched';
}

/**
 * One log line and one metric observation per request: request id, method, path, route, status, duration,
 * and the organization when known (the caller's key, or the path's orgId for the admin). Headers, query
 * strings and bodies are never logged: they carry API keys, signatures and payment data.
 */
export function observeRequests({ logger, metrics }: { logger: Logger; metrics: ApiMetrics }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    c.set('logger', logger.child({ requestId: c.get('requestId') }));
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = c.res.status;
      const route = routePattern(c);
      metrics.requests.inc({ method: c.req.method, route, status });
      metrics.duration.observe({ method: c.req.method, route, status }, seconds);

      const principal = c.get('principal');
      const orgId = principal?.kind === 'organization' ? principal.orgId : safeParam(c, 'orgId');
      const line = {
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        ...(principal ? { principal: principal.kind } : {}),
        ...(orgId ? { orgId } : {}),
      };
      const log = c.get('logger');
      if (status >= 500) log.error(line, 'request');
      else if (QUIET_PATHS.has(c.req.path)) log.debug(line, 'request');
      else log.info(line, 'request');
    }
  };
}

function safeParam(c: Context, name: string): string | undefined {
  try {
    return c.req.param(name) || undefined;
  } catch {
    return undefined;
  }
}

export function metricsHandler(metrics: ApiMetrics) {
  return async (c: Context) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
}
