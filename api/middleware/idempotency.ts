import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a POST: the first answer (below 500) is stored and replayed for the same key and
 * body; the same key with another body is refused; a request still in flight under the key answers 409.
 * Keys are scoped to the caller, so two organizations may use the same key.
 */
export function idempotency({ models }: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY.test(key))
      throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1-255 printable ASCII characters', [
        { field: 'Idempotency-Key', message: 'invalid' },
      ]);

    const principal = c.get('principal');
    const scope = principal.kind === 'organization' ? principal.orgId : principal.kind;
    const id = `${scope}:${c.req.path}:${key}`;
    const body = await c.req.raw.clone().text();
    const requestHash = createHash('sha256').update(body).digest('hex');

    try {
      await models.IdempotencyRecord.create({ _id: id, requestHash, state: 'in_progress' });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const record = await models.IdempotencyRecord.findById(id).lean();
      if (!record) throw new ApiError(409, 'conflict', 'a request with this Idempotency-Key is being processed; retry shortly');
      if (record.requestHash !== requestHash) {
        throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request body', [
          { field: 'Idempotency-Key', message: 'reused with a different body' },
        ]);
      }
      if (record.state !== 'done')
        throw new ApiError(409, 'conflict', 'a request with this Idempotency-Key is being processed; retry shortly');
      c.header('Idempotent-Replayed', 'true');
      return c.body(record.body ?? '', record.status as ContentfulStatusCode, { 'content-type': 'application/json' });
    }

    try {
      await next();
    } catch (error) {
      await models.IdempotencyRecord.deleteOne({ _id: id });
      throw error;
    }
    if (c.res.status >= 500) {
      await models.IdempotencyRecord.deleteOne({ _id: id });
      return;
    }
    const replay = c.get('idempotentReplayBody');
    const stored = replay !== undefined ? JSON.stringify(replay) : await c.res.clone().text();
    await models.IdempotencyRecord.updateOne({ _id: id }, { $set: { state: 'done', status: c.res.status, body: stored } });
  });
}
