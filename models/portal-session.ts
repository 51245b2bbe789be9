import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A portal link (POST /v1/organizations/{orgId}/portal-sessions): the sha256 of its token in `_id`, so
 * opening it is one lookup by `_id`. The token itself is in the URL handed to the provider, never stored.
 */
export const portalLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    /** The provider's own portal, linked from every page ("Back to …"). */
    returnUrl: { type: String },
  },
  { timestamps: true, versionKey: false },
);

/**
 * The browser session a link opened: the sha256 of the cookie's secret in `_id`. `linkId` is unique, so a
 * link opens at most one session whoever opens it first: single use rests on that insert, not on marking the
 * link used (an update is not isolated on FerretDB). Expired documents are left in place (no TTL index on
 * FerretDB v1); they are refused by `expiresAt`.
 */
export const portalSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    linkId: { type: String, required: true },
    orgId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    /** Every form carries it; a post without it (a cross-site form) is refused. */
    csrfToken: { type: String, required: true },
    returnUrl: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Single use: the second session for the same link collides here.
portalSessionSchema.index({ linkId: 1 }, { unique: true });

export type PortalLink = InferSchemaType<typeof portalLinkSchema>;
export type PortalSession = InferSchemaType<typeof portalSessionSchema>;

export const createPortalLinkModel = (db: Connection) => db.models.PortalLink ?? db.model('PortalLink', portalLinkSchema, 'portal_links');
export const createPortalSessionModel = (db: Connection) =>
  db.models.PortalSession ?? db.model('PortalSession', portalSessionSchema, 'portal_sessions');
