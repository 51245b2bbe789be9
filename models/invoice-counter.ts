import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * One document per series and year ("final-2026"). `pending` holds the full invoice that took `seq`, so
 * that if its writer dies between taking the number and inserting the invoice, the next writer inserts it:
 * no number is ever lost.
 */
export const invoiceCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true, default: 0 },
    pending: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);

export type InvoiceCounter = InferSchemaType<typeof invoiceCounterSchema>;

export const createInvoiceCounterModel = (db: Connection) =>
  db.models.InvoiceCounter ?? db.model('InvoiceCounter', invoiceCounterSchema, 'invoice_counters');
