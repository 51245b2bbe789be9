import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { PaymentMethodKind } from '../domain/payment-methods';
import type { SavedPaymentMethod } from '../workflows/definitions';

/**
 * What a PayPal method keeps: the Vault payment token, which is what a merchant-initiated charge names and
 * what the customer sees as the "billing agreement number", and the payer's PayPal identity for display.
 */
const paypalDetailsSchema = new Schema(
  {
    paymentTokenId: { type: String, required: true },
    setupTokenId: { type: String },
    /** PayPal's vault customer: later set-ups pass it so PayPal links them to the same payer. */
    customerId: { type: String },
    payerEmail: { type: String },
    payerId: { type: String },
  },
  { _id: false },
);

/**
 * What a card method keeps: Stripe's ids and the display fields Stripe returns. Never the card number:
 * it is entered into Stripe.js in the browser and never reaches our servers.
 */
const cardDetailsSchema = new Schema(
  {
    stripeCustomerId: { type: String, required: true },
    paymentMethodId: { type: String, required: true },
    setupIntentId: { type: String },
    brand: { type: String, required: true },
    last4: { type: String, required: true, match: /^\d{4}$/ },
    expMonth: { type: Number, required: true, min: 1, max: 12 },
    expYear: { type: Number, required: true },
    funding: { type: String },
    country: { type: String },
  },
  { _id: false },
);

/**
 * An organization's saved payment method. `_id` is derived from the provider's id ("paypal_<payment token>",
 * "card_<payment method>"), so saving the same method twice (a retried activity) writes one document.
 * Removed methods stay, marked `removed`, so past charges still name what they used.
 */
export const paymentMethodSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['paypal', 'card'] },
    status: { type: String, required: true, enum: ['active', 'removed'], default: 'active' },
    paypal: { type: paypalDetailsSchema },
    card: { type: cardDetailsSchema },
    /** The set-up workflow that saved it. */
    workflowId: { type: String, required: true },
    removedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// Portal listing and default selection: an organization's methods, newest first.
paymentMethodSchema.index({ orgId: 1, createdAt: -1 });

export type PaymentMethod = InferSchemaType<typeof paymentMethodSchema>;

export const paypalMethodId = (paymentTokenId: string) => `paypal_${paymentTokenId}`;
export const cardMethodId = (stripePaymentMethodId: string) => `card_${stripePaymentMethodId}`;

export const createPaymentMethodModel = (db: Connection) =>
  db.models.PaymentMethod ?? db.model('PaymentMethod', paymentMethodSchema, 'payment_methods');

/** A method as the API, the workflows and e-mails show it: display fields only. */
export type PaymentMethodView = SavedPaymentMethod;

type StoredMethod = Pick<PaymentMethod, 'kind' | 'status' | 'paypal' | 'card'> & { _id: string };

export function paymentMethodView(method: StoredMethod, defaultPaymentMethodId: string | null | undefined): PaymentMethodView {
  return {
    methodId: method._id,
    kind: method.kind as PaymentMethodKind,
    isDefault: method.status === 'active' && defaultPaymentMethodId === method._id,
    ...(method.paypal
      ? {
          billingAgreementNumber: method.paypal.paymentTokenId,
          ...(method.paypal.payerEmail ? { payerEmail: method.paypal.payerEmail } : {}),
        }
      : {}),
    ...(method.card
      ? { card: { brand: method.card.brand, last4: method.card.last4, expMonth: method.card.expMonth, expYear: method.card.expYear } }
      : {}),
  };
}
