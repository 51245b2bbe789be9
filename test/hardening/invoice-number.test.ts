/** Proforma numbers past 999,999 in a year still match their bank credits: the reference maps back to its number. */
import { formatInvoiceNumber, invoiceNumberFromReference, paymentReferenceBody } from '../../domain/invoice-number';
import { createRfReference } from '../../domain/rf-reference';

it.each([1, 42, 999_999, 1_000_000, 1_000_001, 12_345_678])('proforma %i: reference → number → the same reference', (sequence) => {
  const reference = createRfReference(paymentReferenceBody('proforma', 2026, sequence));
  expect(invoiceNumberFromReference(reference)).toBe(formatInvoiceNumber('proforma', 2026, sequence));
});

it('numbers keep six digits below a million and grow past it', () => {
  expect(formatInvoiceNumber('proforma', 2026, 42)).toBe('PF-2026-000042');
  expect(formatInvoiceNumber('proforma', 2026, 1_000_000)).toBe('PF-2026-1000000');
});

it('a reference the engine did not make maps to nothing, or to a number whose own reference differs', () => {
  expect(invoiceNumberFromReference(createRfReference('PF202612345'))).toBeUndefined();
  const padded = createRfReference('PF20260000042');
  const number = invoiceNumberFromReference(padded);
  expect(number).toBe('PF-2026-000042');
  expect(createRfReference(paymentReferenceBody('proforma', 2026, 42))).not.toBe(padded);
});
