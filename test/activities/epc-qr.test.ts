import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { renderInvoicePdf, type InvoiceDocument } from '../../activities/pdf';
import { epcQrPayload } from '../../domain/epc-qr';
import { createRfReference, isValidRfReference } from '../../domain/rf-reference';
import { extractPdfImages } from '../helpers/pdf-images';

const reference = createRfReference('PF2026000042');

function proforma(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    number: 'PF-2026-000042',
    series: 'proforma',
    issueDate: '2026-11-25T10:00:00.000Z',
    dueDate: '2026-12-09T10:00:00.000Z',
    seller: { name: 'Example Hosting Ltd', address: '1 Example Street, 1000 Brussels, Belgium', vatId: 'BE0123456789' },
    buyer: { name: 'Acme Telephony', address: '2 Road, Ghent', vatId: 'BE0999999999' },
    currency: 'EUR',
    lines: [{ description: 'Prepaid balance top-up', quantity: 1, unitPriceMinor: 123456, vatRateBp: 0, amountMinor: 123456 }],
    subtotalMinor: 123456,
    vat: [{ vatRateBp: 0, baseMinor: 123456, vatMinor: 0 }],
    vatMinor: 0,
    totalMinor: 123456,
    notes: [],
    paymentReference: reference,
    bankDetails: { bankName: 'Example Bank', iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB' },
    ...overrides,
  };
}

/** Every QR code among the PDF's images, decoded from its pixels. */
async function decodedQrCodes(pdf: Buffer): Promise<string[]> {
  const codes: string[] = [];
  for (const png of await extractPdfImages(pdf)) {
    const image = PNG.sync.read(png);
    const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    if (code) codes.push(code.data);
  }
  return codes;
}

describe('EPC QR code on EUR proformas (EPC069-12)', () => {
  it('decodes from the rendered PDF with every field where the standard puts it', async () => {
    const codes = await decodedQrCodes(await renderInvoicePdf(proforma()));
    expect(codes).toHaveLength(1);
    const lines = codes[0].split('\n');
    expect(lines[0]).toBe('BCD'); // service tag
    expect(lines[1]).toBe('002'); // version
    expect(lines[2]).toBe('1'); // character set: UTF-8
    expect(lines[3]).toBe('SCT'); // identification: SEPA credit transfer
    expect(lines[4]).toBe('GKCCBEBB'); // BIC of the beneficiary bank
    expect(lines[5]).toBe('Example Hosting Ltd'); // beneficiary name, ≤ 70
    expect(lines[6]).toBe('BE71096123456769'); // IBAN, electronic form
    expect(lines[7]).toBe('EUR1234.56'); // amount: EUR, a dot, at most two decimals
    expect(lines[8]).toBe(''); // purpose code: none
    expect(lines[9]).toBe(reference); // structured remittance: the RF reference
    expect(isValidRfReference(lines[9])).toBe(true);
    expect(lines[10]).toBe(''); // unstructured remittance: empty when the structured one is given
    expect(lines[11]).toBe('PF-2026-000042'); // beneficiary to originator information
    expect(lines).toHaveLength(12);
    expect(new TextEncoder().encode(codes[0]).length).toBeLessThanOrEqual(331);
  });

  it('is only on EUR proformas', async () => {
    expect(await decodedQrCodes(await renderInvoicePdf(proforma({ currency: 'USD' })))).toEqual([]);
    expect(await decodedQrCodes(await renderInvoicePdf(proforma({ series: 'final', paymentReference: null, bankDetails: null })))).toEqual(
      [],
    );
  });

  it('refuses what the standard does not allow', () => {
    const transfer = { bic: 'GKCCBEBB', beneficiaryName: 'X', iban: 'BE71096123456769', amountMinor: 100, reference };
    expect(() => epcQrPayload({ ...transfer, reference: 'RF00PF2026000042' })).toThrow(/not an RF creditor reference/);
    expect(() => epcQrPayload({ ...transfer, amountMinor: 0 })).toThrow(/between 0.01 and 999999999.99/);
    expect(() => epcQrPayload({ ...transfer, amountMinor: 1_000_000_000_00 })).toThrow(/between/);
    expect(epcQrPayload({ ...transfer, beneficiaryName: 'N'.repeat(90) }).split('\n')[5]).toHaveLength(70);
  });
});
