import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { errorBody } from '../errors';
import type { AppEnv } from '../types';

/** The client's address as the socket shows it; requests without a socket (in-process tests) share one bucket. */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * For routes that anyone may call without a key (the payer's browser back from PayPal): at most `limit`
 * requests per client address per minute, then 429 in the API's error shape. Counted in this process's
 * memory, so each API replica counts on its own.
 */
export function publicRateLimit(limit: number) {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    keyGenerator: clientAddress,
    handler: (c) => c.json(errorBody(c, 'rate_limited', 'too many requests from this address; try again in a minute'), 429),
  });
}
