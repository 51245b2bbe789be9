import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Models } from '../../models';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';
import { isDuplicateKey } from '../../models/duplicate-key';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** How long an answer is replayed (Stripe keeps keys 24 hours too); older records count as absent. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A request still "in progress" after this was cut short (a crash): the next one with the key takes over. */
export const IDEMPOTENCY_LOCK_TIMEOUT_MS = 2 * 60 * 1000;
/** Expired records are deleted at most this often per process (FerretDB v1 has no TTL index to do it). */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** Answers that say "not now" rather than "this is the result": the next try must run again. */
const TRANSIENT = new Set([409, 429]);

const inProgress = () => new ApiError(409, 'conflict', 'a request with this Idempotency-Key is being processed; retry shortly');

/**
 * `Idempotency-Key` on a POST: the first answer (below 500, other than 409 and 429) is stored and replayed for
 * the same key and body for 24 hours; the same key with another body is refused; a request still in flight
 * under the key answers 409, until its lock times out. Keys are scoped to the caller, so two organizations
 * may use the same key.
 */
export function idempotency({ models }: AppDeps) {
  const prune = pruner(models);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'POST') return next();
    prune();
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key))
      throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1-255 printable ASCII characters', [
        { field: 'Idempotency-Key', message: 'invalid' },
      ]);

    const principal = c.get('principal');
    const scope = principal.kind === 'organization' ? principal.orgId : principal.kind;
    const id = `${scope}:${c.req.path}:${key}`;
    const body = await c.req.raw.clone().text();
    const requestHash = createHash('sha256').update(body).digest('hex');

    const record = await claim(models, id, requestHash);
    if (record) {
      if (record.requestHash !== requestHash) {
        throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request body', [
          { field: 'Idempotency-Key', message: 'reused with a different body' },
        ]);
      }
      if (record.state !== 'done') throw inProgress();
      c.header('Idempotent-Replayed', 'true');
      return c.body(record.body ?? '', record.status as ContentfulStatusCode, { 'content-type': 'application/json' });
    }

    try {
      await next();
    } catch (error) {
      await models.IdempotencyRecord.deleteOne({ _id: id });
      throw error;
    }
    if (c.res.status >= 500 || TRANSIENT.has(c.res.status)) {
      await models.IdempotencyRecord.deleteOne({ _id: id });
      return;
    }
    const replay = c.get('idempotentReplayBody');
    const stored = replay !== undefined ? JSON.stringify(replay) : await c.res.clone().text();
    await models.IdempotencyRecord.updateOne({ _id: id }, { $set: { state: 'done', status: c.res.status, body: stored } });
  });
}

type Held = { requestHash: string; state: string; status?: number | null; body?: string | null };

/**
 * Takes the key for this request (answers undefined), or answers the record that holds it. A record past its
 * retention, or in progress past the lock timeout, is removed and the key taken again; two requests racing
 * for it meet on the unique `_id`, so exactly one runs.
 */
async function claim(models: Models, id: string, requestHash: string): Promise<Held | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await models.IdempotencyRecord.create({ _id: id, requestHash, state: 'in_progress' });
      return undefined;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const record = await models.IdempotencyRecord.findById(id).lean();
    if (!record) continue; // deleted meanwhile (its request failed): take it
    const age = Date.now() - record.updatedAt.getTime();
    const stale =
      record.state === 'in_progress'
        ? age > IDEMPOTENCY_LOCK_TIMEOUT_MS
        : Date.now() - record.createdAt.getTime() > IDEMPOTENCY_RETENTION_MS;
    if (!stale) return record;
    // Only the record we judged stale: one another request claimed since has a newer updatedAt.
    await models.IdempotencyRecord.deleteOne({ _id: id, updatedAt: record.updatedAt });
  }
  throw inProgress();
}

/** Deletes expired records now and then, in the background: a slow scan on FerretDB, never on a request's path. */
function pruner(models: Models) {
  let last = 0;
  return () => {
    if (Date.now() - last < PRUNE_EVERY_MS) return;
    last = Date.now();
    void models.IdempotencyRecord.deleteMany({ createdAt: { $lt: new Date(Date.now() - IDEMPOTENCY_RETENTION_MS) } }).catch(
      () => undefined,
    );
  };
}
