import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { Plan } from '../domain/charges';
import type { Currency } from '../domain/money';
import { currency, minorUnits } from './money-fields';

// The balance is not stored here: it is the head of the organization's ledger chain (models/ledger-entry.ts).

const usagePriceSchema = new Schema(
  { metric: { type: String, required: true }, unit: { type: String, required: true }, unitPriceMinor: minorUnits },
  { _id: false },
);

export const organizationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    billingEmail: { type: String, required: true },
    address: { type: String, default: '' },
    vatId: { type: String, default: '' },
    vatRateBp: { type: Number, required: true, default: 0 },
    currency,
    timeZone: { type: String, default: 'UTC' },
    plan: {
      type: new Schema(
        { setupFeeMinor: minorUnits, monthlyFeeMinor: minorUnits, usagePrices: { type: [usagePriceSchema], default: [] } },
        { _id: false },
      ),
      required: true,
    },
    status: { type: String, enum: ['active', 'suspended', 'cancelled'], default: 'active' },
    defaultPaymentMethod: { type: String, enum: ['prepaid', 'paypal', 'card'], default: 'prepaid' },
    /** The saved method (models/payment-method.ts) charged when the default is paypal or card. */
    defaultPaymentMethodId: { type: String },
    /** Created on the first card set-up and reused for every later one. */
    stripeCustomerId: { type: String },
    setupFeeCharged: { type: Boolean, default: false },
    /** The provider's own id for this organization; unique, claimed in `organization_external_ids`. */
    externalId: { type: String },
    /** The provider's small string map (a few keys), returned as given. */
    metadata: { type: Map, of: String, default: {} },
  },
  { timestamps: true, versionKey: false },
);

export type Organization = InferSchemaType<typeof organizationSchema>;

export const createOrganizationModel = (db: Connection) =>
  db.models.Organization ?? db.model('Organization', organizationSchema, 'organizations');

/**
 * An external id claimed by one organization: `_id` is the external id, so uniqueness is the `_id` index
 * (atomic on MongoDB and FerretDB alike, where a unique index on an optional field of organizations would
 * let only one organization go without one) and `GET /v1/organizations?externalId=` is one lookup by `_id`.
 */
export const externalIdClaimSchema = new Schema(
  { _id: { type: String, required: true }, orgId: { type: String, required: true } },
  { timestamps: true, versionKey: false },
);

export const createExternalIdClaimModel = (db: Connection) =>
  db.models.ExternalIdClaim ?? db.model('ExternalIdClaim', externalIdClaimSchema, 'organization_external_ids');

/** An organization as the API shows it (and every event that carries one). */
export type OrgDoc = {
  _id: string;
  name: string;
  billingEmail: string;
  currency: Currency;
  address: string;
  vatId: string;
  vatRateBp: number;
  timeZone: string;
  status: string;
  defaultPaymentMethod: string;
  plan: Plan;
  externalId?: string | null;
  metadata?: Record<string, string> | Map<string, string> | null;
  setupFeeCharged: boolean;
  updatedAt?: Date;
};

export const toOrganizationDto = (org: OrgDoc) => ({
  id: org._id,
  name: org.name,
  billingEmail: org.billingEmail,
  currency: org.currency,
  address: org.address,
  vatId: org.vatId,
  vatRateBp: org.vatRateBp,
  timeZone: org.timeZone,
  status: org.status,
  defaultPaymentMethod: org.defaultPaymentMethod,
  plan: {
    setupFeeMinor: org.plan.setupFeeMinor,
    monthlyFeeMinor: org.plan.monthlyFeeMinor,
    usagePrices: org.plan.usagePrices.map(({ metric, unit, unitPriceMinor }) => ({ metric, unit, unitPriceMinor })),
  },
  externalId: org.externalId ?? null,
  metadata: org.metadata instanceof Map ? Object.fromEntries(org.metadata) : { ...(org.metadata ?? {}) },
});
