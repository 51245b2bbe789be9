import { computeInvoiceTotals, formatVatRate } from '../../domain/invoice-totals';

describe('invoice totals', () => {
  it('sums lines and rounds VAT once per rate', () => {
    const totals = computeInvoiceTotals('EUR', [
      { description: 'Monthly fee', quantity: 1, unitPriceMinor: 4999, vatRateBp: 2100 },
      { description: 'Seats', quantity: 3, unitPriceMinor: 333, vatRateBp: 2100 },
      { description: 'Reduced-rate item', quantity: 1, unitPriceMinor: 1001, vatRateBp: 600 },
    ]);
    expect(totals.lines.map((l) => l.amountMinor)).toEqual([4999, 999, 1001]);
    expect(totals.subtotalMinor).toBe(6999);
    // 5998 × 21 % = 1259.58 -> 1260 ; 1001 × 6 % = 60.06 -> 60
    expect(totals.vat).toEqual([
      { vatRateBp: 600, baseMinor: 1001, vatMinor: 60 },
      { vatRateBp: 2100, baseMinor: 5998, vatMinor: 1260 },
    ]);
    expect(totals.vatMinor).toBe(1320);
    expect(totals.totalMinor).toBe(totals.subtotalMinor + totals.vatMinor);
  });

  it('refuses fractional quantities and prices and impossible rates', () => {
    expect(() => computeInvoiceTotals('EUR', [{ description: 'x', quantity: 1.5, unitPriceMinor: 100, vatRateBp: 0 }])).toThrow(/quantity/);
    expect(() => computeInvoiceTotals('EUR', [{ description: 'x', quantity: 1, unitPriceMinor: 10.1, vatRateBp: 0 }])).toThrow(
      /unit price/,
    );
    expect(() => computeInvoiceTotals('EUR', [{ description: 'x', quantity: 1, unitPriceMinor: 100, vatRateBp: 10001 }])).toThrow(
      /VAT rate/,
    );
  });

  it('formats rates', () => {
    expect(formatVatRate(2100)).toBe('21 %');
    expect(formatVatRate(770)).toBe('7.7 %');
    expect(formatVatRate(0)).toBe('0 %');
  });
});
