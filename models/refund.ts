import { Schema, type Connection } from 'mongoose';
import type { Currency } from '../domain/money';
import { currency, minorUnits } from './money-fields';

export const REFUND_DESTINATIONS = ['balance', 'card', 'paypal', 'bank_transfer'] as const;
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/**
 * Money going back to an organization, one document per attempt, `_id` = the attempt's key
 * ("refund:CN-2026-000001:1", "balance-payout:<orgId>:<request id>"), which is also the idempotency key sent
 * to the provider (Stripe Idempotency-Key, PayPal-Request-Id) or the ledger key. Written only by the refund
 * workflow's activities, one at a time: inserted `pending` before the provider is called, then `succeeded`
 * (with the provider's reference) or `failed` (with its answer), so a refund is never half-recorded and a
 * failed one stays visible to ops.
 *
 *  - balance: a ledger credit of the credit note's total (key = this `_id`).
 *  - card / paypal: a refund of the payment that paid the invoice, at Stripe / PayPal.
 *  - bank_transfer: a payout ops made by bank, recorded with its bank reference.
 * `source` says what is paid back: a credit note, or unused prepaid balance (a ledger debit, key = `_id`).
 */
export const refundSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    source: { type: String, required: true, enum: ['credit_note', 'prepaid_balance'] },
    creditNoteNumber: { type: String },
    invoiceNumber: { type: String },
    attempt: { type: Number, required: true },
    destination: { type: String, required: true, enum: REFUND_DESTINATIONS },
    amountMinor: minorUnits,
    currency,
    status: { type: String, required: true, enum: ['pending', 'succeeded', 'failed'] },
    /** The payment refunded: Stripe PaymentIntent id, PayPal capture id. */
    paymentRef: { type: String },
    /** Stripe refund id, PayPal refund id, ledger entry key, or the bank's reference of the payout. */
    providerRef: { type: String },
    bankReference: { type: String },
    error: { type: new Schema({ code: String, message: String }, { _id: false }) },
    /** `provider`: made in the provider's dashboard and recorded from its webhook; absent: asked of us (operator). */
    origin: { type: String, enum: ['operator', 'provider'] },
    /** For ops: a provider's refund the books cannot fully stand for (see activities/refunds.ts recordProviderRefund). */
    attention: {
      type: new Schema({ reason: String, uncreditedMinor: Number, pastNetPaidMinor: Number, at: Date }, { _id: false }),
    },
    requestedBy: { type: String, required: true },
    reason: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    completedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// A credit note's refunds (what it has paid back, the next attempt number) and ops' list of failed ones.
refundSchema.index({ creditNoteNumber: 1 });
refundSchema.index({ status: 1, requestedAt: -1 });

export interface RefundRecord {
  _id: string;
  orgId: string;
  source: 'credit_note' | 'prepaid_balance';
  creditNoteNumber?: string;
  invoiceNumber?: string;
  attempt: number;
  destination: RefundDestination;
  amountMinor: number;
  currency: Currency;
  status: RefundStatus;
  paymentRef?: string;
  providerRef?: string;
  bankReference?: string;
  error?: { code: string; message: string };
  origin?: 'operator' | 'provider';
  attention?: RefundAttention;
  requestedBy: string;
  reason: string;
  requestedAt: Date;
  completedAt?: Date;
}

/**
 * Why ops must look at a refund the provider made: `uncreditedMinor` of it has no credit note (the invoice
 * had that much less left to credit), `pastNetPaidMinor` of it went past what the invoice was paid net (so
 * the customer got that much back twice).
 */
export interface RefundAttention {
  reason: string;
  uncreditedMinor: number;
  pastNetPaidMinor: number;
  at: Date;
}

export const refundId = (creditNoteNumber: string, attempt: number) => `refund:${creditNoteNumber}:${attempt}`;
export const balancePayoutId = (orgId: string, requestId: string) => `balance-payout:${orgId}:${requestId}`;

export const createRefundModel = (db: Connection) => db.models.Refund ?? db.model('Refund', refundSchema, 'refunds');
