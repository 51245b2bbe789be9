import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Every e-mail the engine sends, keyed by its idempotency key. Without a Resend key this collection is the
 * dev outbox; with one it is the record of what was handed to Resend.
 */
export const outboxEmailSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    /** The HTML part, when the e-mail has one (a button to the customer portal). */
    html: { type: String },
    attachments: { type: [new Schema({ filename: String, invoiceId: String }, { _id: false })], default: [] },
    transport: { type: String, enum: ['dev-outbox', 'resend'], required: true },
    providerMessageId: { type: String },
    sentAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// Outbox listing, newest first, per organization or overall.
outboxEmailSchema.index({ orgId: 1, createdAt: -1 });
outboxEmailSchema.index({ createdAt: -1 });

export type OutboxEmail = InferSchemaType<typeof outboxEmailSchema>;

export const createOutboxEmailModel = (db: Connection) =>
  db.models.OutboxEmail ?? db.model('OutboxEmail', outboxEmailSchema, 'outbox_emails');
