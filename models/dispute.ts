import { Schema, type Connection } from 'mongoose';
import type { Currency } from '../domain/money';
import { currency, minorUnits } from './money-fields';

export type DisputeStatus = 'open' | 'won' | 'lost';

/**
 * A payment the payer disputed at the provider (a Stripe dispute, a PayPal reversal), `_id`
 * "<provider>:<dispute id>". Written only by its dispute workflow (workflows/dispute.ts), which receives
 * the provider's events one at a time. While it is open, or once lost, the invoice it concerns shows as
 * disputed; a lost one either reopened the debt in the billing workflow (`outcome: reopened`) or was
 * written off (`outcome: written_off`), per DISPUTE_LOST.
 */
export const disputeSchema = new Schema(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true, enum: ['stripe', 'paypal'] },
    orgId: { type: String, required: true },
    invoiceNumber: { type: String, required: true },
    cycleId: { type: String, required: true },
    paymentRef: { type: String, required: true },
    amountMinor: minorUnits,
    currency,
    reason: { type: String, default: '' },
    status: { type: String, required: true, enum: ['open', 'won', 'lost'] },
    outcome: { type: String, enum: ['reopened', 'written_off'] },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

// The disputes of an organization's invoices (API, portal, exports).
disputeSchema.index({ orgId: 1, invoiceNumber: 1 });

export interface DisputeRecord {
  _id: string;
  provider: 'stripe' | 'paypal';
  orgId: string;
  invoiceNumber: string;
  cycleId: string;
  paymentRef: string;
  amountMinor: number;
  currency: Currency;
  reason: string;
  status: DisputeStatus;
  outcome?: 'reopened' | 'written_off';
  openedAt: Date;
  closedAt?: Date;
}

export const createDisputeModel = (db: Connection) => db.models.Dispute ?? db.model('Dispute', disputeSchema, 'disputes');
