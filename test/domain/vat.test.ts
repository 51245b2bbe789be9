import { euVatCountry, isValidLookingEuVatId, normalizeVatId, vatTreatment } from '../../domain/vat';

describe('EU VAT id format check', () => {
  it.each([
    ['ATU12345678', 'AT'],
    ['BE0123456789', 'BE'],
    ['de 123.456.789', 'DE'],
    ['EL123456789', 'EL'],
    ['ESX1234567X', 'ES'],
    ['ES12345678Z', 'ES'],
    ['FRAB123456789', 'FR'],
    ['IE1234567WA', 'IE'],
    ['IE8Z49289F', 'IE'],
    ['NL123456789B01', 'NL'],
    ['SE123456789001', 'SE'],
    ['RO1234', 'RO'],
    ['CY12345678L', 'CY'],
  ])('%s looks valid (%s)', (id, country) => {
    expect(euVatCountry(id)).toBe(country);
  });

  it.each([
    '',
    'DE12345678',
    'DE1234567890',
    'GR123456789',
    'GB123456789',
    'XI123456789',
    'ES123456789',
    'NL123456789A01',
    'ATU1234567',
    'FRIO123456789',
    'BE2123456789',
    'SE123456789002',
    'US123456789',
  ])('%s does not', (id) => {
    expect(isValidLookingEuVatId(id)).toBe(false);
  });

  it('normalizes separators and case', () => {
    expect(normalizeVatId(' nl 1234.56789-b01 ')).toBe('NL123456789B01');
  });
});

describe('VAT treatment', () => {
  const seller = 'BE0123456789';
  it('reverse-charges a business in another member state, with the legal note', () => {
    const treatment = vatTreatment({ vatRateBp: 2100, buyerVatId: 'de123456789', sellerVatId: seller });
    expect(treatment).toMatchObject({ vatRateBp: 0, reverseCharge: true });
    expect(treatment.notes[0]).toMatch(/Reverse charge.*Article 196.*DE123456789/);
  });
  it("charges the organization's rate to a buyer in the seller's own state, without a VAT id, or with a malformed one", () => {
    for (const buyerVatId of ['BE0987654321', '', undefined, 'DE123']) {
      expect(vatTreatment({ vatRateBp: 2100, buyerVatId, sellerVatId: seller })).toEqual({
        vatRateBp: 2100,
        reverseCharge: false,
        notes: [],
      });
    }
  });
});
