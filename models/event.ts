import { createHash } from 'node:crypto';
import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Business facts as integrators receive them: immutable, one per effect. Each organization's events form a
 * chain like its ledger: event n of a stream has `_id` "<stream>:0000000007" (the stream is the organization,
 * or "platform" for facts that belong to none, such as a bank credit nobody could match), so its sequence
 * number is taken by an insert that collides on `_id` when two writers race, and stays gapless. The public
 * `id` is derived from the effect's own idempotency key and unique, so an effect retried after a crash
 * records its event once.
 */
export const eventSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** "evt_" + a hash of `key`: the same effect always has the same id (the webhook-id of its deliveries). */
    id: { type: String, required: true },
    /** The effect's idempotency key ("bank-credit:<tx>", "final:<org>:<cycle>"), kept for the story of an event. */
    key: { type: String, required: true },
    type: { type: String, required: true },
    /** Null for platform events (no organization). */
    orgId: { type: String, default: null },
    stream: { type: String, required: true },
    sequence: { type: Number, required: true },
    /** The objects as the API shows them. */
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

// Exactly once: an effect's event is recorded at most once, however often its activity is retried.
eventSchema.index({ id: 1 }, { unique: true });
// GET /v1/events, newest first, for the admin and per organization, optionally by type; the time-range redelivery.
eventSchema.index({ createdAt: -1, _id: -1 });
eventSchema.index({ orgId: 1, createdAt: -1, _id: -1 });
eventSchema.index({ type: 1, createdAt: -1, _id: -1 });

export type EventRecord = InferSchemaType<typeof eventSchema>;

export const PLATFORM_STREAM = 'platform';
export const eventPosition = (stream: string, sequence: number) => `${stream}:${String(sequence).padStart(10, '0')}`;
export const eventIdFor = (key: string) => `evt_${createHash('sha256').update(key).digest('base64url').slice(0, 27)}`;

export const createEventModel = (db: Connection) => db.models.Event ?? db.model('Event', eventSchema, 'events');

/** A hint of each stream's last sequence, so a new process does not walk a stream from its start. */
export const eventHeadSchema = new Schema(
  { _id: { type: String, required: true }, sequence: { type: Number, required: true } },
  { versionKey: false },
);

export const createEventHeadModel = (db: Connection) => db.models.EventHead ?? db.model('EventHead', eventHeadSchema, 'event_heads');

/** An event as GET /v1/events and every webhook delivery show it. */
export const toEventDto = (event: Pick<EventRecord, 'id' | 'type' | 'orgId' | 'sequence' | 'data' | 'createdAt'>) => ({
  id: event.id,
  type: event.type,
  orgId: event.orgId ?? null,
  sequence: event.sequence,
  createdAt: new Date(event.createdAt).toISOString(),
  data: event.data as Record<string, unknown>,
});

export type EventDto = ReturnType<typeof toEventDto>;
