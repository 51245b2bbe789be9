import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Every provider event we accepted, keyed "<provider>:<event id>": a replayed delivery finds its key taken
 * and is acknowledged without being processed again. FerretDB v1 has no TTL indexes; rows older than the
 * providers' retry windows (Stripe: 3 days, PayPal: 3 days) can be pruned by `receivedAt`, since a replay
 * that old fails the signature's timestamp check anyway (Stripe) or is a resend we may process once more.
 */
export const webhookEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true, enum: ['stripe', 'paypal'] },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    orgId: { type: String },
    /** What we did with it: "signalled card-setup/org_…", "ignored: no pending set-up", … */
    outcome: { type: String },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Pruning and ops listing by age.
webhookEventSchema.index({ receivedAt: 1 });

export type WebhookEvent = InferSchemaType<typeof webhookEventSchema>;

export const createWebhookEventModel = (db: Connection) =>
  db.models.WebhookEvent ?? db.model('WebhookEvent', webhookEventSchema, 'webhook_events');
