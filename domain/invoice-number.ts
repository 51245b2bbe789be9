export type InvoiceSeries = 'proforma' | 'final';
/** Every numbered document: invoices, and the credit notes that correct final invoices. */
export type DocumentSeries = InvoiceSeries | 'credit_note';

const PREFIX: Record<DocumentSeries, string> = { proforma: 'PF', final: 'INV', credit_note: 'CN' };

/** "PF-2026-000042", "CN-2026-000001": series prefix, year, sequence zero-padded to at least 6 digits ("PF-2026-1000000" after 999999). */
export function formatInvoiceNumber(series: DocumentSeries, year: number, sequence: number): string {
  return `${PREFIX[series]}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The body of the RF payment reference for a proforma: unique because proforma numbers are. */
export function paymentReferenceBody(series: InvoiceSeries, year: number, sequence: number): string {
  return `${PREFIX[series]}${year}${String(sequence).padStart(6, '0')}`;
}

/**
 * The proforma number an RF payment reference was made from, or undefined if it was not made by us. The year
 * has 4 digits, the sequence the rest (6 or more); a non-canonical one maps to a number whose own reference differs.
 */
export function invoiceNumberFromReference(reference: string): string | undefined {
  const match = /^RF\d{2}(PF|INV)(\d{4})(\d{6,})$/.exec(reference);
  if (!match) return undefined;
  const series = match[1] === 'PF' ? 'proforma' : 'final';
  return formatInvoiceNumber(series, Number(match[2]), Number(match[3]));
}
