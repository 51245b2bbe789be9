import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';
import { insertGrouped } from './group-write';

/**
 * An invoice's rendered PDF, `_id` = the invoice's number (no GridFS on FerretDB v1). Kept apart from the
 * invoice so that listing, reading and updating invoices (a proforma marked paid) does not carry 30 KB each:
 * FerretDB v1 reads and rewrites whole documents. Written once, by an insert.
 */
export const invoicePdfSchema = new Schema(
  { _id: { type: String, required: true }, pdf: { type: Buffer, required: true } },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const createInvoicePdfModel = (db: Connection) => db.models.InvoicePdf ?? db.model('InvoicePdf', invoicePdfSchema, 'invoice_pdfs');

type PdfModels = {
  InvoicePdf: ReturnType<typeof createInvoicePdfModel>;
  Invoice: { findById(id: string, projection: object): { lean(): Promise<unknown> } };
};

const asBuffer = (stored: unknown): Buffer | undefined => {
  if (!stored) return undefined;
  if (Buffer.isBuffer(stored)) return stored;
  const binary = stored as { buffer?: Uint8Array };
  return binary.buffer ? Buffer.from(binary.buffer) : undefined;
};

/** The invoice's PDF; invoices issued before PDFs had their own collection keep it inline. */
export async function loadInvoicePdf(models: PdfModels, invoiceId: string): Promise<Buffer | undefined> {
  const stored = await models.InvoicePdf.findById(invoiceId).lean<{ pdf: unknown }>();
  if (stored) return asBuffer(stored.pdf);
  const legacy = (await models.Invoice.findById(invoiceId, { pdf: 1 }).lean()) as { pdf?: unknown } | null;
  return asBuffer(legacy?.pdf);
}

/** Stores an invoice's PDF once; answers false when one was stored before (that one stays). */
export async function storeInvoicePdf(models: PdfModels, invoiceId: string, pdf: Buffer): Promise<boolean> {
  try {
    await insertGrouped(models.InvoicePdf, { _id: invoiceId, pdf });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
}
