import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { InvoiceSeries } from '../domain/invoice-number';
import type { InvoiceTotals } from '../domain/invoice-totals';
import { currency, minorUnits } from './money-fields';

/** How a final invoice was paid: from the prepaid balance, by card, by PayPal, or nothing was owed. */
export const PAID_WITH_METHODS = ['prepaid', 'paypal', 'card', 'none'] as const;
export type PaidWith = (typeof PAID_WITH_METHODS)[number];

/** The parts invoices, credit notes and billing cycles share: seller and buyer, a line, the VAT per rate. */
export const partySchema = new Schema(
  { name: { type: String, required: true }, address: { type: String, default: '' }, vatId: { type: String, default: '' }, email: String },
  { _id: false },
);
export const lineFields = {
  description: { type: String, required: true },
  quantity: { type: Number, required: true },
  unitPriceMinor: minorUnits,
  vatRateBp: { type: Number, required: true },
  amountMinor: minorUnits,
} as const;
export const lineSchema = new Schema(lineFields, { _id: false });
export const vatSchema = new Schema({ vatRateBp: Number, baseMinor: minorUnits, vatMinor: minorUnits }, { _id: false });

/** A numbered document (invoice, credit note): `_id` and `number` are its number, `key` its business key. */
export const numberedDocumentFields = {
  _id: { type: String, required: true },
  key: { type: String, required: true },
  orgId: { type: String, required: true },
  year: { type: Number, required: true },
  sequence: { type: Number, required: true },
  number: { type: String, required: true },
  issueDate: { type: Date, required: true },
  seller: { type: partySchema, required: true },
  buyer: { type: partySchema, required: true },
  currency,
} as const;
/** What follows a numbered document's lines. */
export const documentTotalsFields = {
  subtotalMinor: minorUnits,
  vat: { type: [vatSchema], default: [] },
  vatMinor: minorUnits,
  totalMinor: minorUnits,
  notes: { type: [String], default: [] },
};

/**
 * `_id` is the invoice number ("INV-2026-000042"): inserting the invoice is what takes the number, so a
 * number exists exactly when its invoice does. `key` is the business key ("proforma:<order id>"), unique,
 * so issuing twice finds the first invoice. See activities/invoice-numbering.ts.
 */
export const invoiceSchema = new Schema(
  {
    ...numberedDocumentFields,
    series: { type: String, required: true, enum: ['proforma', 'final'] },
    dueDate: { type: Date, required: true },
    lines: { type: [lineSchema], required: true },
    ...documentTotalsFields,
    paymentReference: { type: String },
    bankDetails: { type: new Schema({ bankName: String, iban: String, bic: String }, { _id: false }) },
    status: { type: String, enum: ['issued', 'paid', 'void'], default: 'issued' },
    topUpOrderId: { type: String },
    /**
     * How a final invoice was paid, written when it is issued (on payment): the exports read it here. Final
     * invoices issued before this field existed lack it; their billing cycle knew (reports/finance-exports.ts).
     */
    paidWith: { type: String, enum: PAID_WITH_METHODS },
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
export interface InvoiceRecord extends InvoiceTotals {
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
  notes: string[];
  paymentReference?: string;
  bankDetails?: { bankName: string; iban: string; bic: string };
  status: 'issued' | 'paid' | 'void';
  topUpOrderId?: string;
  paidWith?: PaidWith;
  pdf?: Buffer;
}

/** The billing cycle a final invoice was issued for (its key is "final:<org>:<cycle>"); none for other keys. */
export function finalInvoiceCycleId(invoice: Pick<InvoiceRecord, 'key' | 'orgId'>): string | undefined {
  const prefix = `final:${invoice.orgId}:`;
  return invoice.key.startsWith(prefix) ? invoice.key.slice(prefix.length) : undefined;
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
