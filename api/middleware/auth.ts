import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { LRUCache } from 'lru-cache';
import { ApiError, notFound } from '../errors';
import { ACT_AS, type InternalEnv } from '../portal/engine-api';
import type { AppDeps, AppEnv, Principal } from '../types';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A revoked key may keep working this long in a process that cached it. */
const CACHE_TTL_MS = 30_000;

/** Resolves `Authorization: Bearer <key>` to the admin or to one organization. */
export function authenticate({ models, config }: AppDeps) {
  // Unknown keys are remembered too (as `null`), so a caller guessing keys does not reach the database each time.
  const keys = new LRUCache<string, { principal: Principal | null }>({
    max: 10_000,
    ttl: CACHE_TTL_MS,
    fetchMethod: async (hash) => {
      const apiKey = await models.ApiKey.findById(hash).lean();
      return { principal: apiKey ? { kind: 'organization', orgId: apiKey.orgId } : null };
    },
  });
  async function resolve(key: string): Promise<Principal | null> {
    if (sameSecret(key, config.ADMIN_API_KEY)) return { kind: 'admin' };
    return (await keys.fetch(hashApiKey(key)))?.principal ?? null;
  }
  return createMiddleware<AppEnv>(async (c, next) => {
    // The portal's in-process calls (api/portal/engine-api.ts): a symbol key no HTTP request can carry.
    const actingAs = (c.env as InternalEnv | undefined)?.[ACT_AS];
    if (actingAs) {
      c.set('principal', actingAs);
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"');
    const principal = await resolve(match[1]);
    if (!principal) throw new ApiError(401, 'unauthorized', 'unknown API key');
    c.set('principal', principal);
    await next();
  });
}

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').kind !== 'admin') throw new ApiError(403, 'forbidden', 'this route needs the admin key');
  await next();
});

/**
 * An organization's key reaches only its own resources. Another organization's id answers 404, exactly as
 * an unknown id does, so keys cannot probe which organizations exist.
 */
export const requireOrganizationAccess = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get('principal');
  const orgId = c.req.param('orgId');
  if (principal.kind === 'organization' && principal.orgId !== orgId) throw notFound('organization');
  await next();
});
