import { createHmac, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

export const SIGNATURE_HEADER = 'x-bank-signature';
export const TIMESTAMP_HEADER = 'x-bank-timestamp';

/** `X-Bank-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, timestamp in Unix seconds. */
export function signBankPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The bank-reconciliation system proves who it is and when it spoke; stale or altered batches are refused. */
export function verifyBankSignature({ config }: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const signature = c.req.header(SIGNATURE_HEADER);
    const timestampText = c.req.header(TIMESTAMP_HEADER);
    if (!signature || !timestampText) {
      throw new ApiError(401, 'unauthorized', `send ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`);
    }
    const timestamp = Number(timestampText);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > config.BANK_WEBHOOK_TOLERANCE_SECONDS) {
      throw new ApiError(401, 'unauthorized', `${TIMESTAMP_HEADER} is missing, malformed or outside the allowed clock skew`);
    }
    const body = await c.req.raw.clone().text();
    const expected = Buffer.from(signBankPayload(config.BANK_WEBHOOK_SECRET, timestamp, body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ApiError(401, 'unauthorized', 'bank signature does not match the body');
    }
    c.set('principal', { kind: 'bank' });
    await next();
  });
}
