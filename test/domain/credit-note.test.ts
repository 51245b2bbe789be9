import { addCredited, computeCreditNote, CreditNoteError, type AlreadyCredited, type CreditableInvoice } from '../../domain/credit-note';
import { computeInvoiceTotals } from '../../domain/invoice-totals';

/** An invoice at two rates: 4999 + 3 × 333 at 21 % (VAT 1260 on 5998), 1001 at 6 % (VAT 60). */
function invoiceOf(lines: Parameters<typeof computeInvoiceTotals>[1]): CreditableInvoice & { vatMinor: number } {
  return { number: 'INV-2026-000001', ...computeInvoiceTotals('EUR', lines) };
}
const invoice = invoiceOf([
  { description: 'Monthly fee', quantity: 1, unitPriceMinor: 4999, vatRateBp: 2100 },
  { description: 'Seats', quantity: 3, unitPriceMinor: 333, vatRateBp: 2100 },
  { description: 'Reduced-rate item', quantity: 1, unitPriceMinor: 1001, vatRateBp: 600 },
]);
const none: AlreadyCredited = { lines: [], vat: [] };

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CreditNoteError) return error.field;
    throw error;
  }
  return undefined;
}

describe('credit notes', () => {
  it('credits a line by quantity, with its VAT at the invoice rate and rounding', () => {
    const note = computeCreditNote(invoice, { kind: 'lines', lines: [{ line: 1, quantity: 1 }] });
    // 333 × 21 % = 69.93 → 70, half away from zero as on the invoice.
    expect(note).toEqual({
      currency: 'EUR',
      lines: [{ invoiceLine: 1, description: 'Seats', quantity: 1, unitPriceMinor: 333, vatRateBp: 2100, amountMinor: 333 }],
      subtotalMinor: 333,
      vat: [{ vatRateBp: 2100, baseMinor: 333, vatMinor: 70 }],
      vatMinor: 70,
      totalMinor: 403,
    });
  });

  it('reverses VAT per rate: lines at two rates give one VAT row each', () => {
    const note = computeCreditNote(invoice, {
      kind: 'lines',
      lines: [
        { line: 2, amountMinor: 1001 },
        { line: 0, quantity: 1 },
      ],
    });
    // 4999 × 21 % = 1049.79 → 1050; all of the 6 % base is credited, so all of its VAT (60).
    expect(note.vat).toEqual([
      { vatRateBp: 600, baseMinor: 1001, vatMinor: 60 },
      { vatRateBp: 2100, baseMinor: 4999, vatMinor: 1050 },
    ]);
    expect(note.totalMinor).toBe(6000 + 1110);
  });

  it('credited in parts, the credit notes sum to the invoice exactly: the last of a rate takes the VAT left', () => {
    // 3 × 2 at 25 %: the invoice's VAT is 1.5 → 2 on 6; each unit alone would round 0.5 → 1, three times 3.
    const small = invoiceOf([{ description: 'Unit', quantity: 3, unitPriceMinor: 2, vatRateBp: 2500 }]);
    let credited = none;
    const notes = [1, 2, 3].map(() => {
      const note = computeCreditNote(small, { kind: 'lines', lines: [{ line: 0, quantity: 1 }] }, credited);
      credited = addCredited(credited, note);
      return note;
    });
    expect(notes.map((n) => n.vatMinor)).toEqual([1, 1, 0]);
    expect(notes.reduce((a, n) => a + n.totalMinor, 0)).toBe(small.totalMinor);
    expect(() => computeCreditNote(small, { kind: 'full' }, credited)).toThrow(/already credited in full/);

    // Two rates, a part then the rest in full: per rate and in total back to the invoice's own figures.
    const part = computeCreditNote(invoice, { kind: 'lines', lines: [{ line: 1, quantity: 2 }] });
    const rest = computeCreditNote(invoice, { kind: 'full' }, addCredited(none, part));
    expect(rest.lines.find((l) => l.invoiceLine === 1)).toMatchObject({ quantity: 1, unitPriceMinor: 333, amountMinor: 333 });
    for (const rate of invoice.vat) {
      const back = [part, rest].flatMap((n) => n.vat.filter((v) => v.vatRateBp === rate.vatRateBp));
      expect([back.reduce((a, v) => a + v.baseMinor, 0), back.reduce((a, v) => a + v.vatMinor, 0)]).toEqual([
        rate.baseMinor,
        rate.vatMinor,
      ]);
    }
    expect(part.totalMinor + rest.totalMinor).toBe(invoice.totalMinor);
  });

  it('a gross amount refunded at the provider is spread over the rates and adds up to that amount to the cent', () => {
    const note = computeCreditNote(invoice, { kind: 'gross', amountMinor: 1000 });
    expect(note.totalMinor).toBe(1000);
    expect(note.subtotalMinor + note.vatMinor).toBe(1000);
    expect(note.lines.reduce((a, l) => a + l.amountMinor, 0)).toBe(note.subtotalMinor);
    // 1000 in proportion to each rate's gross (1061 and 7258 of 8319): 127 and 873, then base = gross ÷ (1 + rate).
    expect(note.vat).toEqual([
      { vatRateBp: 600, baseMinor: 120, vatMinor: 7 },
      { vatRateBp: 2100, baseMinor: 721, vatMinor: 152 },
    ]);
    // What is left, refunded, is the full credit.
    const rest = computeCreditNote(invoice, { kind: 'gross', amountMinor: invoice.totalMinor - 1000 }, addCredited(none, note));
    expect(note.vatMinor + rest.vatMinor).toBe(invoice.vatMinor);
  });

  it('refuses, naming the field, more than is left on a line or the invoice, an unknown or repeated line', () => {
    expect(fieldOf(() => computeCreditNote(invoice, { kind: 'lines', lines: [{ line: 1, quantity: 4 }] }))).toBe('lines.0.quantity');
    expect(fieldOf(() => computeCreditNote(invoice, { kind: 'lines', lines: [{ line: 0, amountMinor: 5000 }] }))).toBe(
      'lines.0.amountMinor',
    );
    expect(fieldOf(() => computeCreditNote(invoice, { kind: 'lines', lines: [{ line: 7, quantity: 1 }] }))).toBe('lines.0.line');
    expect(
      fieldOf(() =>
        computeCreditNote(invoice, {
          kind: 'lines',
          lines: [
            { line: 1, quantity: 1 },
            { line: 1, quantity: 1 },
          ],
        }),
      ),
    ).toBe('lines.1.line');
    expect(fieldOf(() => computeCreditNote(invoice, { kind: 'gross', amountMinor: invoice.totalMinor + 1 }))).toBe('amountMinor');
    const all = computeCreditNote(invoice, { kind: 'full' });
    expect(all.totalMinor).toBe(invoice.totalMinor);
    expect(fieldOf(() => computeCreditNote(invoice, { kind: 'full' }, addCredited(none, all)))).toBe('invoiceNumber');
  });
});
