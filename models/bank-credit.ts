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

/**
 * Ops' one decision on a credit that matched no order: matched by hand to an order, or returned to the
 * payer. `_id` is the credit's bankTxId, so a match and a return racing for one credit collide on the insert
 * and the later is refused before it changes anything; after it, only the decision's own path writes the
 * credit (the order's workflow for a match, the return for a return).
 */
export const bankCreditDecisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    decision: { type: String, enum: ['matched', 'returned'], required: true },
    orderId: { type: String },
    by: { type: String, required: true },
    reason: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const createBankCreditDecisionModel = (db: Connection) =>
  db.models.BankCreditDecision ?? db.model('BankCreditDecision', bankCreditDecisionSchema, 'bank_credit_decisions');
