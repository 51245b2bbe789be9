import { Schema, type Connection } from 'mongoose';
import type { CreditNoteTotals } from '../domain/credit-note';
import { documentTotalsFields, lineFields, numberedDocumentFields, type Party } from './invoice';

const creditLineSchema = new Schema({ invoiceLine: { type: Number, required: true }, ...lineFields }, { _id: false });

/**
 * A credit note: the legal correction of an issued final invoice, never edited once written. `_id` is its
 * number ("CN-2026-000001"), taken like invoice numbers (activities/invoice-numbering.ts: inserting the
 * credit note takes the number, so the series is gapless and a crash leaves all or nothing); `key` is the
 * business key ("credit-note:<request id>", "provider-refund:stripe:re_…"), unique, so issuing twice finds
 * the first. Amounts are positive: what is taken back from the invoice.
 */
export const creditNoteSchema = new Schema(
  {
    ...numberedDocumentFields,
    series: { type: String, required: true, enum: ['credit_note'] },
    /** The final invoice it corrects. */
    invoiceNumber: { type: String, required: true },
    /** 1 for the invoice's first credit note, 2 for the next…: see the index below. */
    invoiceCreditSeq: { type: Number, required: true },
    reason: { type: String, required: true },
    /** operator: issued by ops; provider_refund: a refund made in Stripe's or PayPal's dashboard. */
    origin: { type: String, required: true, enum: ['operator', 'provider_refund'] },
    lines: { type: [creditLineSchema], required: true },
    ...documentTotalsFields,
    issuedBy: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Idempotent issuing: one credit note per business key.
creditNoteSchema.index({ key: 1 }, { unique: true });
// Numbering and the books check: the series' numbers in order.
creditNoteSchema.index({ series: 1, year: 1, sequence: 1 }, { unique: true });
// An invoice's credit notes form a chain: the n-th is computed from the n-1 before it and inserted as n, so two
// credit notes racing for the same invoice collide here and the loser is recomputed: never credited twice.
creditNoteSchema.index({ invoiceNumber: 1, invoiceCreditSeq: 1 }, { unique: true });
// The portal's list of an organization's documents.
creditNoteSchema.index({ orgId: 1, issueDate: -1 });

export interface CreditNoteRecord extends CreditNoteTotals {
  _id: string;
  key: string;
  orgId: string;
  series: 'credit_note';
  year: number;
  sequence: number;
  number: string;
  invoiceNumber: string;
  invoiceCreditSeq: number;
  reason: string;
  origin: 'operator' | 'provider_refund';
  issueDate: Date;
  seller: Party;
  buyer: Party;
  notes: string[];
  issuedBy?: string;
}

export const createCreditNoteModel = (db: Connection) => db.models.CreditNote ?? db.model('CreditNote', creditNoteSchema, 'credit_notes');
