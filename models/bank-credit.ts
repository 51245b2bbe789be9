import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { minorUnits } from './money-fields';

/** Every credit the bank reports, matched or not, keyed by the bank's transaction id: nothing is dropped. */
export const bankCreditSchema = new Schema(
  {
    _id: { type: String, required: true },
    amountMinor: minorUnits,
    currency: { type: String, required: true },
    reference: { type: String, required: true },
    valueDate: { type: String, required: true },
    status: { type: String, enum: ['matched', 'unmatched'], required: true },
    reason: { type: String },
    orgId: { type: String },
    topUpOrderId: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Ops listing of unmatched credits, oldest first.
bankCreditSchema.index({ status: 1, createdAt: 1 });

export type BankCredit = InferSchemaType<typeof bankCreditSchema>;

export const createBankCreditModel = (db: Connection) => db.models.BankCredit ?? db.model('BankCredit', bankCreditSchema, 'bank_credits');
