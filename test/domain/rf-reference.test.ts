import { createRfReference, formatRfReference, isValidRfReference, normalizeReference } from '../../domain/rf-reference';

describe('ISO 11649 RF creditor reference', () => {
  it('computes the check digits of the standard example', () => {
    expect(createRfReference('539007547034')).toBe('RF18539007547034');
    expect(createRfReference('PF2026000001')).toMatch(/^RF\d{2}PF2026000001$/);
  });

  it('accepts what it creates, in any spacing or case', () => {
    for (const body of ['1', 'PF2026000001', 'ABCDEFGHIJKLMNOPQRSTU', '000000000000000000001']) {
      const ref = createRfReference(body);
      expect(isValidRfReference(ref)).toBe(true);
      expect(isValidRfReference(formatRfReference(ref).toLowerCase())).toBe(true);
    }
  });

  it('rejects a wrong check digit, a swapped pair and malformed input', () => {
    expect(isValidRfReference('RF19539007547034')).toBe(false);
    expect(isValidRfReference('RF18539007547043')).toBe(false);
    expect(isValidRfReference('RF18')).toBe(false);
    expect(isValidRfReference('XX18539007547034')).toBe(false);
    expect(isValidRfReference('RF18-5390-0754')).toBe(false);
    expect(() => createRfReference('')).toThrow();
    expect(() => createRfReference('A'.repeat(22))).toThrow();
  });

  it('prints in groups of four', () => {
    expect(formatRfReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(normalizeReference(' rf18 5390 0754 7034 ')).toBe('RF18539007547034');
  });
});
