import PDFDocument from 'pdfkit';
import { renderInvoicePdf, type InvoiceDocument } from '../../activities/pdf';
import { computeInvoiceTotals } from '../../domain/invoice-totals';
import { formatMoney } from '../../domain/money';
import { createRfReference, formatRfReference } from '../../domain/rf-reference';
import { extractPdf as extract, placedTexts } from '../helpers/pdf-text';

const extractText = async (pdf: Buffer) => (await extract(pdf)).text;

const seller = { name: 'Example Hosting Ltd', address: '1 Example Street, 1000 Brussels, Belgium', vatId: 'BE0123456789' };
const buyer = {
  name: 'Acme Widgets SA',
  address: 'Rue de la Loi 200, 1040 Brussels',
  vatId: 'BE0987654321',
  email: 'billing@acme.example',
};
const bankDetails = { bankName: 'Example Bank', iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB' };

function proforma(): InvoiceDocument {
  return {
    number: 'PF-2026-000042',
    series: 'proforma',
    issueDate: new Date('2026-03-01T09:30:00Z'),
    dueDate: new Date('2026-03-15T09:30:00Z'),
    seller,
    buyer,
    ...computeInvoiceTotals('EUR', [{ description: 'Prepaid balance top-up', quantity: 1, unitPriceMinor: 1_234_567_89, vatRateBp: 0 }]),
    notes: ['This proforma invoice is a request for payment, not a tax invoice.'],
    paymentReference: createRfReference('PF2026000042'),
    bankDetails,
  };
}

function finalInvoice(): InvoiceDocument {
  return {
    number: 'INV-2026-000007',
    series: 'final',
    issueDate: new Date('2026-04-01T00:00:00Z'),
    dueDate: new Date('2026-04-01T00:00:00Z'),
    seller,
    buyer,
    ...computeInvoiceTotals('EUR', [
      { description: 'Hosting plan, April 2026', quantity: 1, unitPriceMinor: 49_00, vatRateBp: 2100 },
      { description: 'Support seats', quantity: 3, unitPriceMinor: 12_50, vatRateBp: 2100 },
      { description: 'Training e-book', quantity: 2, unitPriceMinor: 9_99, vatRateBp: 600 },
    ]),
    notes: ['Paid from your prepaid balance.'],
  };
}

describe('renderInvoicePdf', () => {
  it('renders a proforma whose text carries the number, buyer, total, IBAN and RF reference', async () => {
    const invoice = proforma();
    const pdf = await renderInvoicePdf(invoice);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = await extractText(pdf);
    expect(text).toContain('PROFORMA INVOICE');
    expect(text).toContain('PF-2026-000042');
    expect(text).toContain('Acme Widgets SA');
    expect(text).toContain('1,234,567.89 EUR');
    expect(text).toContain(formatMoney({ amountMinor: invoice.totalMinor, currency: 'EUR' }));
    expect(text).toContain('Payment instructions');
    expect(text).toContain('Example Bank');
    expect(text).toContain('BE71 0961 2345 6769');
    expect(text).toContain('GKCCBEBB');
    expect(text).toContain(formatRfReference(invoice.paymentReference!));
    expect(text).toContain('RF48 PF20 2600 0042');
    expect(text).toContain('2026-03-15');
    expect(text).toContain('This proforma invoice is a request for payment, not a tax invoice.');
  });

  it('renders a final invoice with VAT per rate and no payment instructions', async () => {
    const invoice = finalInvoice();
    const text = await extractText(await renderInvoicePdf(invoice));
    expect(text).toMatch(/(^|\n)INVOICE/);
    expect(text).not.toContain('PROFORMA');
    expect(text).toContain('INV-2026-000007');
    expect(text).toContain('Acme Widgets SA');
    // 49.00 + 3 × 12.50 = 86.50 at 21 % → 18.17; 2 × 9.99 = 19.98 at 6 % → 1.20; total 125.85.
    expect(text).toContain('VAT 21 % on 86.50 EUR');
    expect(text).toContain('18.17 EUR');
    expect(text).toContain('VAT 6 % on 19.98 EUR');
    expect(text).toContain('1.20 EUR');
    expect(text).toContain('125.85 EUR');
    expect(formatMoney({ amountMinor: invoice.totalMinor, currency: 'EUR' })).toBe('125.85 EUR');
    expect(text).not.toContain('Payment instructions');
  });

  it('places one-line texts as the word wrapper would: amounts right-aligned in their column, labels at the margin', async () => {
    const placed = await placedTexts(await renderInvoicePdf(finalInvoice()));
    const at = (text: string) => {
      const found = placed.filter((p) => p.text === text);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const rightEdge = (text: string) => at(text).x + at(text).width;
    // Each column of amounts ends at one right edge, whatever the amount's width.
    const sameEdge = (texts: string[]) => {
      const edges = texts.map(rightEdge);
      expect(Math.max(...edges) - Math.min(...edges)).toBeLessThan(0.5);
    };
    sameEdge(['12.50 EUR', '9.99 EUR']); // unit prices
    sameEdge(['37.50 EUR', '19.98 EUR']); // line amounts
    sameEdge(['106.48 EUR', '1.20 EUR', '18.17 EUR', '19.37 EUR']); // the totals box
    expect(at('Example Hosting Ltd').x).toBeCloseTo(50, 1);
    expect(at('Acme Widgets SA').x).toBeCloseTo(50, 1);
    // Centred: the footer's middle is the page's (A4 is 595.28 points wide).
    const footer = placed.find((p) => p.text.includes('Page 1 of 1'))!;
    expect(Math.abs(footer.x + footer.width / 2 - 595.28 / 2)).toBeLessThan(1);
  });

  it('aligns the same text by its own width in each font and size (glyphs are remembered per font)', async () => {
    // 49.00 DKK is the unit price, the line amount, the subtotal (regular, 9 pt) and the total (bold, 11 pt);
    // a K is wider in bold, so a width remembered for the other font would misplace the total by 1.2 pt.
    const oneLine = {
      ...finalInvoice(),
      ...computeInvoiceTotals('DKK', [{ description: 'Hosting plan, April 2026', quantity: 1, unitPriceMinor: 49_00, vatRateBp: 0 }]),
    };
    await renderInvoicePdf(finalInvoice()); // widths of other texts measured first, as in a month-end
    for (let i = 0; i < 2; i++) {
      const amounts = (await placedTexts(await renderInvoicePdf(oneLine))).filter((p) => p.text === '49.00 DKK');
      expect(amounts.length).toBeGreaterThanOrEqual(2);
      const [subtotal, total] = amounts.slice(-2);
      expect(total.width).toBeGreaterThan(subtotal.width);
      expect(Math.abs(subtotal.x + subtotal.width - (total.x + total.width))).toBeLessThan(0.5);
    }
  });

  it('produces identical bytes for the same input, with the issue date as creation date', async () => {
    const [a, b] = await Promise.all([renderInvoicePdf(proforma()), renderInvoicePdf(proforma())]);
    expect(a.equals(b)).toBe(true);
    const { info } = await extract(a);
    expect(info).toMatchObject({
      CreationDate: 'D:20260301093000Z',
      ModDate: 'D:20260301093000Z',
      Title: 'Proforma invoice PF-2026-000042',
    });

    // Dates that crossed a Temporal payload (ISO strings) give the same document.
    const viaJson = { ...proforma(), issueDate: '2026-03-01T09:30:00.000Z', dueDate: '2026-03-15T09:30:00.000Z' };
    expect((await renderInvoicePdf(viaJson)).equals(a)).toBe(true);

    const other = await renderInvoicePdf({ ...proforma(), number: 'PF-2026-000043' });
    expect(other.equals(a)).toBe(false);
  });

  it('breaks a long invoice across pages, repeating the table header and numbering the pages', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Usage line ${i + 1}`,
      quantity: i + 1,
      unitPriceMinor: 1_00,
      vatRateBp: 2100,
    }));
    const invoice: InvoiceDocument = { ...finalInvoice(), ...computeInvoiceTotals('EUR', lines) };
    const { text, pages } = await extract(await renderInvoicePdf(invoice));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Usage line 1 ');
    expect(text).toContain('Usage line 60');
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // The table header is repeated on every page.
    expect(text.match(/Description\s+Qty\s+Unit price\s+VAT\s+Amount/g)).toHaveLength(pages);
    expect(text).toContain(formatMoney({ amountMinor: invoice.totalMinor, currency: 'EUR' }));
  });

  it('refuses a proforma that cannot be paid', async () => {
    await expect(renderInvoicePdf({ ...proforma(), bankDetails: undefined })).rejects.toThrow(/bankDetails/);
  });

  it('parses each standard font once per process, not once per document (patches/pdfkit+0.20.2.patch)', () => {
    type WithFont = { _font: { font: object } };
    const [a, b] = [new PDFDocument(), new PDFDocument()].map((doc) => doc.font('Helvetica-Bold') as unknown as WithFont);
    expect(a._font.font).toBe(b._font.font);
    // Each document still gets its own font object (its own PDF reference and id).
    expect(a._font).not.toBe(b._font);
  });
});
