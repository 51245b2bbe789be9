import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from './errors';
import { applyBasisPoints, assertMinorUnits, type Currency } from './money';

export interface InvoiceLineInput {
  description: string;
  /** Whole units (seats, minutes, months). */
  quantity: number;
  unitPriceMinor: number;
  /** VAT rate in basis points: 2000 = 20 %. */
  vatRateBp: number;
}

export interface InvoiceLine extends InvoiceLineInput {
  amountMinor: number;
}

export interface VatBreakdown {
  vatRateBp: number;
  baseMinor: number;
  vatMinor: number;
}

export interface InvoiceTotals {
  currency: Currency;
  lines: InvoiceLine[];
  subtotalMinor: number;
  vat: VatBreakdown[];
  vatMinor: number;
  totalMinor: number;
}

/**
 * VAT is computed once per rate on the sum of the lines at that rate, not per line, so rounding happens
 * once per rate (the rule most EU tax authorities accept and the one customers can re-add by hand).
 */
export function computeInvoiceTotals(currency: Currency, inputs: readonly InvoiceLineInput[]): InvoiceTotals {
  const lines = inputs.map((line) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
      throw new Error(`line "${line.description}": quantity must be a non-negative integer`);
    }
    if (!Number.isSafeInteger(line.vatRateBp) || line.vatRateBp < 0 || line.vatRateBp > 10000) {
      throw new Error(`line "${line.description}": VAT rate must be 0..10000 basis points`);
    }
    assertMinorUnits(line.unitPriceMinor, `line "${line.description}" unit price`);
    return { ...line, amountMinor: representable(line.quantity * line.unitPriceMinor, `line "${line.description}"`) };
  });
  const bases = new Map<number, number>();
  for (const line of lines) bases.set(line.vatRateBp, (bases.get(line.vatRateBp) ?? 0) + line.amountMinor);
  const vat = [...bases.entries()]
    .sort(([a], [b]) => a - b)
    .map(([vatRateBp, baseMinor]) => ({
      vatRateBp,
      baseMinor: representable(baseMinor, 'VAT base'),
      vatMinor: applyBasisPoints(baseMinor, vatRateBp),
    }));
  const subtotalMinor = representable(
    lines.reduce((acc, l) => acc + l.amountMinor, 0),
    'subtotal',
  );
  const vatMinor = vat.reduce((acc, v) => acc + v.vatMinor, 0);
  return { currency, lines, subtotalMinor, vat, vatMinor, totalMinor: representable(subtotalMinor + vatMinor, 'total') };
}

/**
 * An amount past Number.MAX_SAFE_INTEGER cannot be billed exactly; it will not fit on any retry either, so
 * it is a non-retryable typed failure (the billing workflow parks the cycle for ops, the API answers 422).
 */
export function representable(amountMinor: number, what: string): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw ApplicationFailure.nonRetryable(`${what}: ${amountMinor} minor units is too large to bill exactly`, FailureType.AmountOverflow);
  }
  return amountMinor;
}

/** "20 %", "7.7 %" */
export function formatVatRate(vatRateBp: number): string {
  const whole = Math.trunc(vatRateBp / 100);
  const fraction = String(vatRateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction} %` : `${whole} %`;
}
