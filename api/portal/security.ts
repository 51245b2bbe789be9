/**
 * What every portal answer carries: security headers with a CSP that lets in Stripe.js and nothing else
 * external, framing only by the origins PORTAL_FRAME_ANCESTORS names, no caching of private pages; and the
 * session check and CSRF check that every page and form goes through.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../config';
import type { Models } from '../../models';
import { findPortalSession, type PortalSessionView, SESSION_COOKIE } from './session';

export type PortalEnv = { Variables: { portal: PortalSessionView; requestId: string } };

/**
 * Where "Setup PayPal" sends the browser after our form post (the approval link PayPal's API answers is
 * always on PayPal's web host): CSP's form-action covers that redirect.
 */
const paypalWebOrigin = (config: Config) =>
  config.PAYPAL_ENVIRONMENT === 'production' ? 'https://www.paypal.com' : 'https://www.sandbox.paypal.com';

export function portalHeaders(config: Config) {
  const ancestors = config.PORTAL_FRAME_ANCESTORS.map((url) => new URL(url).origin);
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // Stripe's documented CSP for Stripe.js and its 3-D Secure frames.
      scriptSrc: ["'self'", 'https://js.stripe.com'],
      frameSrc: ['https://js.stripe.com', 'https://hooks.stripe.com'],
      connectSrc: ["'self'", 'https://api.stripe.com'],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'", paypalWebOrigin(config)],
      frameAncestors: ancestors.length ? ancestors : ["'none'"],
    },
    // frame-ancestors decides; X-Frame-Options cannot name other origins, so it is sent only when nobody may frame.
    xFrameOptions: ancestors.length ? false : 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
  });
  return createMiddleware(async (c, next) => {
    await headers(c, next);
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
}

/** The session cookie's attributes: framed by another site, a Lax cookie would not be sent, so it is None + Secure there. */
export function sessionCookieOptions(config: Config, maxAgeSeconds: number) {
  const framed = config.PORTAL_FRAME_ANCESTORS.length > 0;
  const secure = config.NODE_ENV === 'production' || framed || config.PUBLIC_BASE_URL.startsWith('https:');
  return {
    path: '/portal',
    httpOnly: true,
    secure,
    sameSite: framed ? ('None' as const) : ('Lax' as const),
    maxAge: maxAgeSeconds,
  };
}

export class PortalSessionMissing extends Error {}
export class PortalCsrfRejected extends Error {}

/**
 * Pages and forms need a valid session; the organization comes from it, never from the URL. A process
 * remembers the sessions it has seen for SESSION_RECHECK_MS, so a customer clicking through pages costs no
 * session read per page; expiry is checked on every page, and a session ended in the database (by ops) ends
 * in every process within that time.
 */
const SESSION_RECHECK_MS = 2_000;

export function requirePortalSession(models: Models) {
  const sessions = new LRUCache<string, PortalSessionView>({ max: 20_000, ttl: SESSION_RECHECK_MS });
  async function sessionOf(cookie: string): Promise<PortalSessionView | null> {
    const known = sessions.get(cookie);
    if (known) return known.expiresAt.getTime() > Date.now() ? known : null;
    const session = await findPortalSession(models, cookie);
    if (session) sessions.set(cookie, session);
    return session;
  }
  return createMiddleware<PortalEnv>(async (c, next) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? await sessionOf(cookie) : null;
    if (!session) throw new PortalSessionMissing();
    c.set('portal', session);
    await next();
  });
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A form post's fields, after its CSRF token matched the session's (a cross-site form cannot know it). */
export async function formFields(c: Context<PortalEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded') && !type.includes('multipart/form-data')) throw new PortalCsrfRejected();
  const body = await c.req.parseBody();
  const token = typeof body._csrf === 'string' ? body._csrf : '';
  if (!same(token, c.get('portal').csrfToken)) throw new PortalCsrfRejected();
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}
