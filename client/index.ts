/**
 * The engine's typed API client (openapi-fetch over the generated client/schema.ts): paths, parameters,
 * bodies and answers are checked by the compiler. Used by the demo and the tests; a provider's portal can
 * use it as it is.
 *
 *   const api = createBillingClient({ baseUrl: 'http://127.0.0.1:3000', apiKey });
 *   const { data, error } = await api.GET('/v1/organizations/{orgId}/billing', { params: { path: { orgId } } });
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

export function createBillingClient({
  baseUrl,
  apiKey,
  fetch,
}: {
  baseUrl: string;
  apiKey?: string;
  /** Another transport, e.g. an in-process app's `(request) => app.fetch(request)` in tests. */
  fetch?: (request: Request) => Promise<Response>;
}) {
  return createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}), headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
}

export type BillingClient = ReturnType<typeof createBillingClient>;
