import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Usage an organization reports through the API (seats, minutes…), one document per report. `_id` is
 * "<orgId>:<usageId>" with the client's own id, so a retried report is the same insert and collides
 * instead of counting twice (unique `_id` inserts are atomic on FerretDB v1 and MongoDB alike).
 *
 * A report counts in the cycle during which we received it (`receivedAt`, our clock), so a cycle's usage
 * is fixed once its cut-off has passed, whatever the client's `occurredAt` says; late reports for an
 * earlier period land in the next bill instead of changing a closed one.
 */
export const usageRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    usageId: { type: String, required: true },
    metric: { type: String, required: true },
    quantity: {
      type: Number,
      required: true,
      validate: { validator: (n: number) => Number.isSafeInteger(n) && n > 0, message: '{PATH} must be a positive whole number' },
    },
    /** What the client says; informational. */
    occurredAt: { type: Date },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Closing a cycle: an organization's usage received in the cycle's window (summed per metric).
usageRecordSchema.index({ orgId: 1, receivedAt: 1 });

export type UsageRecord = InferSchemaType<typeof usageRecordSchema>;

export const usageRecordId = (orgId: string, usageId: string) => `${orgId}:${usageId}`;

export const createUsageRecordModel = (db: Connection) =>
  db.models.UsageRecord ?? db.model('UsageRecord', usageRecordSchema, 'usage_records');
