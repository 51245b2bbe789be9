import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The delivery stream: every event some webhook endpoint wants, once, in one gapless sequence. Entry n has
 * `_id` "delivery:0000000007", taken by an insert that collides on `_id` when two writers race (as an
 * organization's events are), so an entry exists only where every entry before it does. Each endpoint's
 * delivery workflow reads the stream by `_id` from its own cursor: its state holds a cursor and its failing
 * deliveries, never the backlog, however long a receiver is down.
 */
export const deliveryEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    sequence: { type: Number, required: true },
    /** The event's `_id` (read by id) and its public id. */
    position: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    /** The event itself as recorded, so delivery reads one document per event; absent on a redelivery (read by `position`). */
    event: { type: Schema.Types.Mixed },
    /** A redelivery the admin asked for one endpoint: only it takes the entry. Absent: every endpoint that wants the type. */
    endpointIds: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type DeliveryEntry = InferSchemaType<typeof deliveryEntrySchema> & { _id: string };

export const DELIVERY_STREAM = 'delivery';
export const deliveryEntryId = (sequence: number) => `${DELIVERY_STREAM}:${String(sequence).padStart(10, '0')}`;

export const createDeliveryEntryModel = (db: Connection) =>
  db.models.DeliveryEntry ?? db.model('DeliveryEntry', deliveryEntrySchema, 'delivery_stream');
