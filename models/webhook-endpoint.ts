import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A receiver of the provider's own systems. The admin API is this document's only writer; what delivery
 * learns about the endpoint (failing, disabled after the retry window) lives in its health document, written
 * only by the endpoint's delivery workflow, so the two never overwrite each other on FerretDB.
 */
export const webhookEndpointSchema = new Schema(
  {
    _id: { type: String, required: true },
    url: { type: String, required: true },
    description: { type: String, default: '' },
    /** Empty: every type. */
    eventTypes: { type: [String], default: [] },
    enabled: { type: Boolean, default: true },
    /** Standard Webhooks secret ("whsec_" + base64 of 32 random bytes). */
    secret: { type: String, required: true },
    /** After a rotation, deliveries are signed with both secrets until this time, so receivers can switch over. */
    previousSecret: { type: String },
    previousSecretUntil: { type: Date },
    /** The delivery stream's head when the endpoint was added: it takes the entries after it. Absent: from the stream's start. */
    streamFrom: { type: Number },
  },
  { timestamps: true, versionKey: false },
);

export type WebhookEndpoint = InferSchemaType<typeof webhookEndpointSchema> & { _id: string };

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const createWebhookEndpointModel = (db: Connection) =>
  db.models.WebhookEndpoint ?? db.model('WebhookEndpoint', webhookEndpointSchema, 'webhook_endpoints');

/**
 * Whether delivery disabled the endpoint; written by its delivery workflow only (what is pending and failing
 * is that workflow's state, answered by its status query).
 */
export const webhookEndpointHealthSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['active', 'disabled'], default: 'active' },
    disabledAt: { type: Date },
    disabledReason: { type: String },
  },
  { versionKey: false },
);

export const createWebhookEndpointHealthModel = (db: Connection) =>
  db.models.WebhookEndpointHealth ?? db.model('WebhookEndpointHealth', webhookEndpointHealthSchema, 'webhook_endpoint_health');

/**
 * One record per event delivered to an endpoint (its receiver answered 2xx), `_id` "<endpointId>:<eventId>":
 * a redelivery of the same event is the same record.
 */
export const webhookDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    orgId: { type: String, default: null },
    attempts: { type: Number, required: true },
    responseStatus: { type: Number, required: true },
    deliveredAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// The ops CLI's delivery health: an endpoint's deliveries since a time.
webhookDeliverySchema.index({ endpointId: 1, deliveredAt: -1 });

export const webhookDeliveryId = (endpointId: string, eventId: string) => `${endpointId}:${eventId}`;

export const createWebhookDeliveryModel = (db: Connection) =>
  db.models.WebhookDelivery ?? db.model('WebhookDelivery', webhookDeliverySchema, 'webhook_deliveries');
