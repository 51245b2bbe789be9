import type { Models } from '../models';
import { loadInvoicePdf, storeInvoicePdf } from '../models/invoice-pdf';
import type { ActivityContext } from './context';
import type { InvoiceDocument } from './pdf';

/**
 * An invoice's (or a credit note's) PDF: the stored one, or rendered and stored now (an invoice just numbered, `fresh`, has none
 * to look up; a crash may have come between an earlier attempt's invoice and its PDF). Whichever PDF was
 * stored first is the invoice's, and is what every e-mail attaches.
 */
export async function invoicePdf(
  models: Models,
  invoice: InvoiceDocument & { _id: string },
  render: ActivityContext['renderInvoicePdf'],
  { fresh = false } = {},
): Promise<Buffer> {
  if (!fresh) {
    const stored = await loadInvoicePdf(models, invoice._id);
    if (stored) return stored;
  }
  const pdf = await render(invoice);
  if (await storeInvoicePdf(models, invoice._id, pdf)) return pdf;
  return (await loadInvoicePdf(models, invoice._id)) ?? pdf;
}
