import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { Currency } from '../domain/money';
import { formatRfReference } from '../domain/rf-reference';
import type { TopUpState } from '../domain/top-up';
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

export type OrderDoc = {
  _id: string;
  orgId: string;
  state: TopUpState;
  amountMinor: number;
  receivedMinor: number;
  currency: Currency;
  proformaInvoiceId: string;
  proformaNumber: string;
  paymentReference: string;
  warning?: string | null;
  expiresAt: Date;
  createdAt: Date;
  workflowId: string;
  credits: { bankTxId: string; amountMinor: number; valueDate: string }[];
};

/** A top-up order as the API shows it (and the events that carry one). */
export const toTopUpDto = (order: OrderDoc, bankDetails: { bankName: string; iban: string; bic: string }) => ({
  orderId: order._id,
  state: order.state,
  amountMinor: order.amountMinor,
  receivedMinor: order.receivedMinor,
  currency: order.currency,
  proforma: {
    invoiceId: order.proformaInvoiceId,
    number: order.proformaNumber,
    pdfUrl: `/v1/organizations/${order.orgId}/invoices/${order.proformaInvoiceId}/pdf`,
  },
  paymentReference: order.paymentReference,
  paymentReferenceFormatted: formatRfReference(order.paymentReference),
  bankDetails,
  credits: (order.credits ?? []).map(({ bankTxId, amountMinor, valueDate }) => ({ bankTxId, amountMinor, valueDate })),
  ...(order.warning ? { warning: order.warning } : {}),
  expiresAt: new Date(order.expiresAt).toISOString(),
  createdAt: new Date(order.createdAt).toISOString(),
  workflowId: order.workflowId,
});
