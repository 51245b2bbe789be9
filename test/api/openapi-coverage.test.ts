/**
 * Every route the app answers under /v1 is in the OpenAPI document, with its path parameters and its error
 * answers; and the document describes no route the app lacks. Walks `app.routes`, so a route added anywhere
 * (a plain `router.post` instead of `router.openapi`) fails here until it is documented.
 */
import { createApp } from '../../api/app';
import { requireAdmin } from '../../api/middleware/auth';
import { errorResponses } from '../../api/schemas';
import { startEngine, type Engine } from '../helpers/engine';
import { testClient } from '../helpers/temporal';

let engine: Engine;
let app: ReturnType<typeof createApp>;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
beforeAll(async () => {
  engine = await startEngine({}, { inProcessWorker: false });
  app = createApp({ models: engine.models, config: engine.config, temporal: engine.client });
  doc = (await (await app.request('/openapi.json')).json()) as typeof doc;
});
afterAll(async () => {
  await engine.stop();
  await (await testClient()).close();
});

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Hono's "/v1/organizations/:orgId" (optionally ":id{regex}") as OpenAPI's "/v1/organizations/{orgId}". */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
/** Whether middleware registered at `pattern` runs for the route registered at `path`. */
const covers = (pattern: string, path: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\\\*|\*/g, '.*')
      .replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`,
  ).test(path);

function handlers() {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.path.startsWith('/v1/') && METHODS.includes(route.method.toLowerCase()))
    .map((route) => ({ method: route.method.toLowerCase(), path: route.path, openapiPath: toOpenApiPath(route.path) }))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`));
}

it('finds the routes to check (the walk itself works)', () => {
  const routes = handlers().map((r) => `${r.method} ${r.openapiPath}`);
  expect(routes.length).toBeGreaterThanOrEqual(15);
  expect(routes).toEqual(
    expect.arrayContaining([
      'post /v1/organizations/{orgId}/top-ups',
      'post /v1/bank/credits',
      'post /v1/admin/top-ups/{orderId}/mark-paid',
    ]),
  );
});

it('documents every registered /v1 route', () => {
  const missing = handlers()
    .filter((r) => !doc.paths[r.openapiPath]?.[r.method])
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
  expect(missing).toEqual([]);
});

it('documents no route the app does not have', () => {
  const registered = new Set(handlers().map((r) => `${r.method} ${r.openapiPath}`));
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m} ${path}`),
  );
  expect(documented.filter((op) => !registered.has(op))).toEqual([]);
});

it('declares every path parameter, and a schema for every request body', () => {
  const problems: string[] = [];
  for (const r of handlers()) {
    const op = doc.paths[r.openapiPath]?.[r.method];
    if (!op) continue;
    for (const [, name] of r.openapiPath.matchAll(/\{([^}]+)\}/g)) {
      if (!op.parameters?.some((p) => p.in === 'path' && p.name === name))
        problems.push(`${r.method} ${r.openapiPath}: path parameter ${name} undeclared`);
    }
    if (op.requestBody && !Object.values(op.requestBody.content).some((media) => media?.schema))
      problems.push(`${r.method} ${r.openapiPath}: request body without a schema`);
  }
  expect(problems).toEqual([]);
});

/**
 * Which error answers a route must document, from what can produce them: any route can fail (500); a route
 * that validates parameters or a body answers 400 (api/router.ts); one that needs an API key (the document's
 * default security, not `security: []`) answers 401, and 404 when its path names a resource; one behind
 * requireAdmin answers 403 to an organization's key. Each with the shared Error shape.
 */
it('documents the error answers each route can give, with the shared Error shape', () => {
  const adminPatterns = app.routes.filter((route) => route.method === 'ALL' && route.handler === requireAdmin).map((route) => route.path);
  expect(adminPatterns.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const r of handlers()) {
    const op = doc.paths[r.openapiPath]?.[r.method] as Operation & { security?: unknown[] };
    if (!op) continue;
    const codes = ['500'];
    if (op.parameters?.length || op.requestBody) codes.push('400');
    if (!(Array.isArray(op.security) && op.security.length === 0)) {
      codes.push('401');
      if (r.openapiPath.includes('{')) codes.push('404');
    }
    if (adminPatterns.some((pattern) => covers(pattern, r.path))) codes.push('403');
    for (const code of codes) {
      const schema = op.responses[code]?.content?.['application/json']?.schema;
      if (schema?.$ref !== '#/components/schemas/Error')
        problems.push(`${r.method.toUpperCase()} ${r.openapiPath}: no ${code} Error response`);
    }
    if (!Object.keys(op.responses).some((code) => /^[23]\d\d$/.test(code)))
      problems.push(`${r.method.toUpperCase()} ${r.openapiPath}: no success response`);
  }
  expect(doc.components.schemas.Error).toBeDefined();
  expect(Object.keys(errorResponses)).toEqual(expect.arrayContaining(['400', '401', '404', '500']));
  expect(problems).toEqual([]);
});

it('matches middleware patterns the way Hono does (the check above relies on it)', () => {
  expect(covers('/v1/admin/top-ups/*', '/v1/admin/top-ups/:orderId/cancel')).toBe(true);
  expect(covers('/v1/organizations', '/v1/organizations/:orgId/billing')).toBe(false);
  expect(covers('/v1/organizations/:orgId/api-key', '/v1/organizations/:orgId/api-key')).toBe(true);
});
