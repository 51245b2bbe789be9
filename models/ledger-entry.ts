import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { currency, minorUnits } from './money-fields';

/**
 * Append-only. `_id` is the entry's idempotency key (e.g. "bank-credit:<bank tx id>"), so a retried
 * activity can never write the same movement twice.
 */
export const ledgerEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['top_up_credit', 'cycle_charge', 'adjustment'] },
    amountMinor: minorUnits,
    currency,
    description: { type: String, required: true },
    topUpOrderId: { type: String },
    bankTxId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Ledger listing and the books check: an organization's entries in order.
ledgerEntrySchema.index({ orgId: 1, createdAt: 1 });

export type LedgerEntry = InferSchemaType<typeof ledgerEntrySchema>;

export const createLedgerEntryModel = (db: Connection) =>
  db.models.LedgerEntry ?? db.model('LedgerEntry', ledgerEntrySchema, 'ledger_entries');
