import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { InvoiceSeries } from '../domain/invoice-number';
import type { InvoiceLine, VatBreakdown } from '../domain/invoice-totals';
import type { Currency } from '../domain/money';
import { currency, minorUnits } from './money-fields';

const partySchema = new Schema(
  { name: { type: String, required: true }, address: { type: String, default: '' }, vatId: { type: String, default: '' }, email: String },
  { _id: false },
);
const lineSchema = new Schema(
  {
    description: { type: String, required: true },
    quantity: { type: Number, required: true },
    unitPriceMinor: minorUnits,
    vatRateBp: { type: Number, required: true },
    amountMinor: minorUnits,
  },
  { _id: false },
);
const vatSchema = new Schema({ vatRateBp: Number, baseMinor: minorUnits, vatMinor: minorUnits }, { _id: false });

/**
 * `_id` is the invoice number ("INV-2026-000042"): inserting the invoice is what takes the number, so a
 * number exists exactly when its invoice does. `key` is the business key ("proforma:<order id>"), unique,
 * so issuing twice finds the first invoice. See activities/invoice-numbering.ts.
 */
export const invoiceSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    orgId: { type: String, required: true },
    series: { type: String, required: true, enum: ['proforma', 'final'] },
    year: { type: Number, required: true },
    sequence: { type: Number, required: true },
    number: { type: String, required: true },
    issueDate: { type: Date, required: true },
    dueDate: { type: Date, required: true },
    seller: { type: partySchema, required: true },
    buyer: { type: partySchema, required: true },
    currency,
    lines: { type: [lineSchema], required: true },
    subtotalMinor: minorUnits,
    vat: { type: [vatSchema], default: [] },
    vatMinor: minorUnits,
    totalMinor: minorUnits,
    notes: { type: [String], default: [] },
    paymentReference: { type: String },
    bankDetails: { type: new Schema({ bankName: String, iban: String, bic: String }, { _id: false }) },
    status: { type: String, enum: ['issued', 'paid', 'void'], default: 'issued' },
    topUpOrderId: { type: String },
    /** Invoices issued before models/invoice-pdf.ts kept their PDF here; newer ones are in invoice_pdfs. */
    pdf: { type: Buffer },
  },
  { timestamps: true, versionKey: false },
);

// Idempotent issuing: one invoice per business key.
invoiceSchema.index({ key: 1 }, { unique: true });
// Numbering checks and the books check: a series' numbers in order.
invoiceSchema.index({ series: 1, year: 1, sequence: 1 }, { unique: true });
// Portal listing: an organization's invoices, newest first.
invoiceSchema.index({ orgId: 1, issueDate: -1 });

export type Invoice = InferSchemaType<typeof invoiceSchema>;

/** The plain shape of an invoice, as activities build it and `.lean()` returns it. */
export interface InvoiceRecord {
  /** The invoice number. */
  _id: string;
  key: string;
  orgId: string;
  series: InvoiceSeries;
  year: number;
  sequence: number;
  number: string;
  issueDate: Date;
  dueDate: Date;
  seller: Party;
  buyer: Party;
  currency: Currency;
  lines: InvoiceLine[];
  subtotalMinor: number;
  vat: VatBreakdown[];
  vatMinor: number;
  totalMinor: number;
  notes: string[];
  paymentReference?: string;
  bankDetails?: { bankName: string; iban: string; bic: string };
  status: 'issued' | 'paid' | 'void';
  topUpOrderId?: string;
  pdf?: Buffer;
}

export interface Party {
  name: string;
  address: string;
  vatId: string;
  email?: string;
}

/** An invoice as the API shows it (and the events that carry one). */
export const toInvoiceDto = (inv: Omit<InvoiceRecord, 'pdf'>) => ({
  invoiceId: inv._id,
  series: inv.series,
  number: inv.number,
  status: inv.status,
  issueDate: new Date(inv.issueDate).toISOString(),
  dueDate: new Date(inv.dueDate).toISOString(),
  currency: inv.currency,
  subtotalMinor: inv.subtotalMinor,
  vatMinor: inv.vatMinor,
  totalMinor: inv.totalMinor,
  ...(inv.paymentReference ? { paymentReference: inv.paymentReference } : {}),
  lines: inv.lines.map(({ description, quantity, unitPriceMinor, vatRateBp, amountMinor }) => ({
    description,
    quantity,
    unitPriceMinor,
    vatRateBp,
    amountMinor,
  })),
  pdfUrl: `/v1/organizations/${inv.orgId}/invoices/${inv._id}/pdf`,
});

export const createInvoiceModel = (db: Connection) => db.models.Invoice ?? db.model('Invoice', invoiceSchema, 'invoices');
