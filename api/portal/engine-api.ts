/**
 * The portal acts through the same JSON API a provider's backend uses, in-process and as the session's
 * organization: every rule (validation, idempotency, one organization's key never reaching another's
 * resources) is the API's own, and the portal only renders. Paths are built under the session's
 * organization here, so a page cannot even name another organization's resources.
 */
import type { Principal } from '../types';

/** The API authenticates a request carrying this in its Hono env as the given principal (api/middleware/auth.ts). */
export const ACT_AS = Symbol('portal acts as');
export type InternalEnv = { [ACT_AS]?: Principal };

type Fetch = (request: Request, env: InternalEnv) => Response | Promise<Response>;

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[] };
}

/** An API answer other than 2xx, as the page should explain it. */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

/**
 * The items of a list answer: `data` in the paged list shape (`{ data, hasMore, nextCursor }`), else the
 * array under the resource's own name (`{ invoices: [...] }`), so a page reads either.
 */
export function listed<T = any>(answer: Record<string, unknown>, resource: string): T[] {
  return (Array.isArray(answer.data) ? answer.data : answer[resource]) as T[];
}

export type OrganizationApi = ReturnType<ReturnType<typeof organizationApi>>;

export function organizationApi(fetch: Fetch, baseUrl = 'http://portal.internal') {
  return (orgId: string) => {
    const principal: Principal = { kind: 'organization', orgId };
    const prefix = `/v1/organizations/${encodeURIComponent(orgId)}`;
    async function send(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<any> {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const request = new Request(`${baseUrl}${prefix}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const response = await fetch(request, { [ACT_AS]: principal });
      if (response.headers.get('content-type')?.includes('application/pdf')) return response;
      const json = await response.json().catch(() => ({ error: { code: 'bad_answer', message: `HTTP ${response.status}` } }));
      if (!response.ok) throw new PortalApiError(response.status, json as ApiErrorBody);
      return json;
    }
    return {
      get: (path: string) => send('GET', path),
      post: (path: string, body?: unknown, idempotencyKey?: string) => send('POST', path, body ?? {}, idempotencyKey),
      put: (path: string, body: unknown) => send('PUT', path, body),
      patch: (path: string, body: unknown) => send('PATCH', path, body),
      delete: (path: string) => send('DELETE', path),
      /** The raw answer (a PDF), for streaming through. */
      raw: async (path: string) => fetch(new Request(`${baseUrl}${prefix}${path}`), { [ACT_AS]: principal }),
    };
  };
}
