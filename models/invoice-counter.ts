import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The last number taken per series and year ("final-2026"), as a hint only: a number is taken by inserting
 * the invoice under it (see activities/invoice-numbering.ts), never by updating this document.
 */
export const invoiceCounterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false },
);

export type InvoiceCounter = InferSchemaType<typeof invoiceCounterSchema>;

export const createInvoiceCounterModel = (db: Connection) =>
  db.models.InvoiceCounter ?? db.model('InvoiceCounter', invoiceCounterSchema, 'invoice_counters');
