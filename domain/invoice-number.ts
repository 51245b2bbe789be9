export type InvoiceSeries = 'proforma' | 'final';

const PREFIX: Record<InvoiceSeries, string> = { proforma: 'PF', final: 'INV' };

/** "PF-2026-000042": series prefix, year, zero-padded sequence. */
export function formatInvoiceNumber(series: InvoiceSeries, year: number, sequence: number): string {
  return `${PREFIX[series]}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The body of the RF payment reference for a proforma: unique because proforma numbers are. */
export function paymentReferenceBody(series: InvoiceSeries, year: number, sequence: number): string {
  return `${PREFIX[series]}${year}${String(sequence).padStart(6, '0')}`;
}
