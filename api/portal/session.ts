/**
 * Portal access, like Stripe's billing portal: the provider asks for a link (POST …/portal-sessions), the
 * customer's browser opens it once, and the link's token is exchanged for a session cookie bound to that
 * one organization. Tokens and cookie secrets are random; only their sha256 is stored, so the database
 * holds nothing a browser could present.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import type { Models } from '../../models';
import { isDuplicateKey } from '../../models/duplicate-key';

export const SESSION_COOKIE = 'billing_portal';
export const PORTAL_PATH = '/portal';

const secret = () => randomBytes(32).toString('base64url');
export const hashSecret = (value: string) => createHash('sha256').update(value).digest('hex');

export interface PortalLinkCreated {
  url: string;
  expiresAt: Date;
}

export async function createPortalLink(
  { models, config }: { models: Models; config: Config },
  orgId: string,
  returnUrl: string | undefined,
  now = new Date(),
): Promise<PortalLinkCreated> {
  const token = secret();
  const expiresAt = new Date(now.getTime() + config.PORTAL_LINK_TTL);
  await models.PortalLink.create({ _id: hashSecret(token), orgId, expiresAt, ...(returnUrl ? { returnUrl } : {}) });
  return { url: `${config.PUBLIC_BASE_URL}${PORTAL_PATH}/open/${token}`, expiresAt };
}

export interface PortalSessionView {
  orgId: string;
  csrfToken: string;
  returnUrl?: string;
  expiresAt: Date;
}

export type OpenedLink =
  | { outcome: 'opened'; cookieValue: string; session: PortalSessionView }
  | { outcome: 'unknown' | 'expired' | 'used' };

/**
 * Exchanges a link's token for a session. The session insert is what makes the link single-use: its
 * `linkId` is unique, so of two browsers opening the same link only the first gets a session.
 */
export async function openPortalLink({ models, config }: { models: Models; config: Config }, token: string, now = new Date()) {
  const link = await models.PortalLink.findById(hashSecret(token)).lean();
  if (!link) return { outcome: 'unknown' } satisfies OpenedLink;
  if (link.expiresAt.getTime() <= now.getTime()) return { outcome: 'expired' } satisfies OpenedLink;
  const cookieValue = secret();
  const session: PortalSessionView = {
    orgId: link.orgId,
    csrfToken: secret(),
    expiresAt: new Date(now.getTime() + config.PORTAL_SESSION_TTL),
    ...(link.returnUrl ? { returnUrl: link.returnUrl } : {}),
  };
  try {
    await models.PortalSession.create({ _id: hashSecret(cookieValue), linkId: link._id, ...session });
  } catch (error) {
    if (isDuplicateKey(error)) return { outcome: 'used' } satisfies OpenedLink;
    throw error;
  }
  return { outcome: 'opened', cookieValue, session } satisfies OpenedLink;
}

/** The session a cookie names, if it is still valid: one lookup by `_id`. */
export async function findPortalSession(models: Models, cookieValue: string, now = new Date()): Promise<PortalSessionView | null> {
  const doc = await models.PortalSession.findById(hashSecret(cookieValue)).lean();
  if (!doc || doc.expiresAt.getTime() <= now.getTime()) return null;
  return { orgId: doc.orgId, csrfToken: doc.csrfToken, expiresAt: doc.expiresAt, ...(doc.returnUrl ? { returnUrl: doc.returnUrl } : {}) };
}
