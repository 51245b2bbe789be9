import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * An organization's API key, stored as its sha256 in `_id` so authenticating is one lookup by `_id` (the
 * only lookup FerretDB v1 answers from an index). The key itself is shown once and never stored.
 */
export const apiKeySchema = new Schema(
  { _id: { type: String, required: true }, orgId: { type: String, required: true } },
  { timestamps: true, versionKey: false },
);

// Key rotation: find and revoke an organization's keys.
apiKeySchema.index({ orgId: 1 });

export type ApiKey = InferSchemaType<typeof apiKeySchema>;

export const createApiKeyModel = (db: Connection) => db.models.ApiKey ?? db.model('ApiKey', apiKeySchema, 'api_keys');
