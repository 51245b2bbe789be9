import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** The stored answer to a POST that carried an Idempotency-Key, replayed for the same key and body. */
export const idempotencyRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    state: { type: String, enum: ['in_progress', 'done'], required: true },
    status: { type: Number },
    body: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Pruning of records past their 24 hours (api/middleware/idempotency.ts): FerretDB v1 has no TTL index.
idempotencyRecordSchema.index({ createdAt: 1 });

export type IdempotencyRecord = InferSchemaType<typeof idempotencyRecordSchema>;

export const createIdempotencyRecordModel = (db: Connection) =>
  db.models.IdempotencyRecord ?? db.model('IdempotencyRecord', idempotencyRecordSchema, 'idempotency_records');
