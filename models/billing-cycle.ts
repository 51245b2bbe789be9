import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { InvoiceLine, VatBreakdown } from '../domain/invoice-totals';
import type { Currency } from '../domain/money';
import { lineSchema, vatSchema } from './invoice';
import { currency, minorUnits } from './money-fields';

/** One collection attempt, as its activity recorded it; `n` also keys the provider's idempotency. */
const attemptSchema = new Schema(
  {
    n: { type: Number, required: true },
    method: { type: String, required: true, enum: ['prepaid', 'paypal', 'card'] },
    /** The saved method charged (models/payment-method.ts), for card and PayPal. */
    methodId: { type: String },
    startedAt: { type: Date, required: true },
    /** The idempotency key sent to the provider (Stripe Idempotency-Key, PayPal-Request-Id) or the ledger key. */
    requestKey: { type: String, required: true },
    outcome: { type: String, enum: ['paid', 'insufficient_funds', 'declined', 'authentication_required', 'pending', 'no_payment_method'] },
    /** PaymentIntent id, PayPal order id, or ledger entry key. */
    providerRef: { type: String },
    /** PayPal capture id, Stripe charge id. */
    captureRef: { type: String },
    error: { type: new Schema({ code: String, message: String, declineCode: String }, { _id: false }) },
  },
  { _id: false },
);

/**
 * One organization's billing cycle, `_id` "<orgId>:<cycleId>". A read model of the organization's billing
 * workflow and the record of what it charged: written only by that workflow's activities, one at a time,
 * so plain updates are safe even on FerretDB v1 (whose updates are not isolated).
 *
 * Lifecycle: `open` while accrued → `due` once closed and billed (lines and totals frozen) → `paid` with
 * its final invoice; or `skipped` when it ended while billing was paused; or `written_off` when ops gave up
 * collecting it (no invoice: final invoices are issued on payment).
 */
export const billingCycleSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    cycleId: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    billedDays: { type: Number, required: true },
    periodDays: { type: Number, required: true },
    first: { type: Boolean, required: true },
    usageFrom: { type: Date, required: true },
    state: { type: String, required: true, enum: ['open', 'due', 'paid', 'skipped', 'written_off'] },
    /** The last collection outcome while due: why it is not paid yet. */
    unpaidReason: { type: String, enum: ['insufficient_funds', 'declined', 'authentication_required', 'pending', 'no_payment_method'] },
    currency,
    // The bill, frozen when the cycle closes.
    usageUntil: { type: Date },
    closedAt: { type: Date },
    usage: { type: [new Schema({ metric: String, quantity: Number }, { _id: false })], default: undefined },
    lines: { type: [lineSchema], default: undefined },
    subtotalMinor: { type: Number },
    vat: { type: [vatSchema], default: undefined },
    vatMinor: { type: Number },
    totalMinor: { type: Number },
    reverseCharge: { type: Boolean },
    notes: { type: [String], default: undefined },
    attempts: { type: [attemptSchema], default: [] },
    paidAt: { type: Date },
    paidWith: { type: String, enum: ['prepaid', 'paypal', 'card', 'none'] },
    invoiceId: { type: String },
    invoiceNumber: { type: String },
    /** Payments a lost dispute took back (PaymentIntent or capture ids): they no longer pay the cycle. */
    chargedBack: { type: [String], default: undefined },
    /** Ops gave up collecting it (the writeOffDebt update): who, why, when, and how much was owed. */
    writtenOff: { type: new Schema({ by: String, reason: String, at: Date, amountMinor: Number }, { _id: false }) },
  },
  { timestamps: true, versionKey: false },
);

// Listing an organization's cycles, newest first, and finding the open one.
billingCycleSchema.index({ orgId: 1, startsAt: -1 });

export type BillingCycle = InferSchemaType<typeof billingCycleSchema>;

export interface CollectionAttempt {
  n: number;
  method: 'prepaid' | 'paypal' | 'card';
  methodId?: string;
  startedAt: Date;
  requestKey: string;
  outcome?: 'paid' | 'insufficient_funds' | 'declined' | 'authentication_required' | 'pending' | 'no_payment_method';
  providerRef?: string;
  captureRef?: string;
  error?: { code: string; message: string; declineCode?: string };
}

/** The plain shape of a cycle, as `.lean<BillingCycleRecord>()` returns it. */
export interface BillingCycleRecord {
  _id: string;
  orgId: string;
  cycleId: string;
  startsAt: Date;
  endsAt: Date;
  billedDays: number;
  periodDays: number;
  first: boolean;
  usageFrom: Date;
  state: 'open' | 'due' | 'paid' | 'skipped' | 'written_off';
  unpaidReason?: Exclude<CollectionAttempt['outcome'], 'paid' | undefined>;
  currency: Currency;
  usageUntil?: Date;
  closedAt?: Date;
  usage?: { metric: string; quantity: number }[];
  lines?: InvoiceLine[];
  subtotalMinor?: number;
  vat?: VatBreakdown[];
  vatMinor?: number;
  totalMinor?: number;
  reverseCharge?: boolean;
  notes?: string[];
  /** Absent until the first attempt (an empty array does not survive an upsert on FerretDB v1). */
  attempts?: CollectionAttempt[];
  paidAt?: Date;
  paidWith?: 'prepaid' | 'paypal' | 'card' | 'none';
  invoiceId?: string;
  invoiceNumber?: string;
  chargedBack?: string[];
  writtenOff?: { by: string; reason: string; at: Date; amountMinor: number };
  createdAt: Date;
  updatedAt: Date;
}

export const createBillingCycleModel = (db: Connection) =>
  db.models.BillingCycle ?? db.model('BillingCycle', billingCycleSchema, 'billing_cycles');
