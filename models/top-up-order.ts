import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { currency, minorUnits } from './money-fields';

const creditSchema = new Schema(
  {
    bankTxId: { type: String, required: true },
    amountMinor: minorUnits,
    valueDate: { type: String, required: true },
    receivedAt: Date,
    /** Set when the bank took the transfer back (activities/bank-statements.ts). */
    reversedMinor: { type: Number },
    reversalReason: { type: String },
  },
  { _id: false },
);

/** A read model of the top-up workflow, written by its activities; the workflow is the source of truth. */
export const topUpOrderSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    workflowId: { type: String, required: true },
    amountMinor: minorUnits,
    currency,
    state: { type: String, required: true, enum: ['issuing', 'awaiting_payment', 'partially_paid', 'paid', 'expired', 'cancelled'] },
    receivedMinor: { ...minorUnits, default: 0 },
    credits: { type: [creditSchema], default: [] },
    proformaInvoiceId: { type: String, required: true },
    proformaNumber: { type: String, required: true },
    paymentReference: { type: String, required: true },
    warning: { type: String },
    /** Who the proforma was addressed to: reminders and receipts for this order go there too. */
    buyerName: { type: String },
    billingEmail: { type: String },
    expiresAt: { type: Date, required: true },
    closedAt: { type: Date },
    closeReason: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Bank reconciliation: a credit's reference finds its order.
topUpOrderSchema.index({ paymentReference: 1 }, { unique: true });
// Portal listing: an organization's orders, newest first.
topUpOrderSchema.index({ orgId: 1, createdAt: -1 });

export type TopUpOrder = InferSchemaType<typeof topUpOrderSchema>;

export const createTopUpOrderModel = (db: Connection) => db.models.TopUpOrder ?? db.model('TopUpOrder', topUpOrderSchema, 'top_up_orders');
