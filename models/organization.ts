import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { currency, minorUnits } from './money-fields';

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
    setupFeeCharged: { type: Boolean, default: false },
    balanceMinor: { ...minorUnits, default: 0 },
    /**
     * Keys of the ledger entries already applied to balanceMinor. The balance and this set change in one
     * single-document update, which is what makes applying an entry atomic without transactions.
     */
    appliedEntryKeys: { type: [String], default: [] },
    apiKeyHash: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);

// API authentication: resolve a bearer key's hash to its organization.
organizationSchema.index({ apiKeyHash: 1 }, { unique: true });

export type Organization = InferSchemaType<typeof organizationSchema>;

export const createOrganizationModel = (db: Connection) =>
  db.models.Organization ?? db.model('Organization', organizationSchema, 'organizations');
