import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { minorUnits } from './money-fields';

/**
 * Every credit the bank reports, matched or not, keyed by its entry identity (models/bank-statement-entry.ts):
 * nothing is dropped, and a transaction reported twice (the JSON push, a statement, an overlapping one) is one
 * record. Reversals of a credit are recorded here too, under `reversal:<identity>`.
 *
 * status: `matched` (signalled to its order), `unmatched` (waiting for ops), `returned` (ops sent it back to
 * the payer), `reversed` (a matched credit the bank took back), `reversal` (the bank's reversal entry itself).
 */
export const bankCreditSchema = new Schema(
  {
    _id: { type: String, required: true },
    amountMinor: minorUnits,
    currency: { type: String, required: true },
    reference: { type: String, required: true },
    valueDate: { type: String, required: true },
    status: { type: String, enum: ['matched', 'unmatched', 'returned', 'reversed', 'reversal'], required: true },
    reason: { type: String },
    orgId: { type: String },
    topUpOrderId: { type: String },
    /** Statement imports: the account it was booked on, the import, the ladder's rung, what the payer wrote. */
    accountIban: { type: String },
    importId: { type: String },
    rung: { type: String },
    payerName: { type: String },
    payerIban: { type: String },
    remittance: { type: String },
    endToEndId: { type: String },
    suggestions: { type: [{ _id: false, orderId: String, proformaNumber: String, why: String }], default: undefined },
    /** A reversal: the credit it takes back. A reversed credit: the reversal that took it back. */
    reverses: { type: String },
    reversedBy: { type: String },
    /** Ops returned an unmatched credit to the payer. */
    returned: { type: { _id: false, by: String, reason: String, at: Date }, default: undefined },
  },
  { timestamps: true, versionKey: false },
);

// Ops listing of unmatched credits, oldest first.
bankCreditSchema.index({ status: 1, createdAt: 1 });

export type BankCredit = InferSchemaType<typeof bankCreditSchema>;

export const createBankCreditModel = (db: Connection) => db.models.BankCredit ?? db.model('BankCredit', bankCreditSchema, 'bank_credits');
