/**
 * VAT treatment of a cycle's charges: the organization's rate, or the EU reverse charge when the buyer is a
 * business in another member state (it then accounts for the VAT itself, and the invoice says so).
 *
 * "Valid-looking" is a format check per country prefix (the structure the Commission's VIES documents for
 * each member state), not a VIES lookup: that is an online check with its own failure modes, and belongs at
 * the moment the VAT id is entered, not in billing.
 */

/** VAT id formats after the country prefix, per EU member state (Greece uses EL, not its ISO code GR). */
const EU_VAT_FORMATS: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^(?=.*[A-Z])[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};
// Northern Ireland's XI numbers are left out on purpose: for services it is outside the EU VAT area.

/** "de 123.456-789" → "DE123456789": what people type, without separators. */
export function normalizeVatId(vatId: string): string {
  return vatId.replace(/[\s.\-/]/g, '').toUpperCase();
}

/** The member state of a valid-looking EU VAT id ("DE"), or undefined. */
export function euVatCountry(vatId: string | null | undefined): string | undefined {
  if (!vatId) return undefined;
  const id = normalizeVatId(vatId);
  const country = id.slice(0, 2);
  const format = EU_VAT_FORMATS[country];
  return format && format.test(id.slice(2)) ? country : undefined;
}

export const isValidLookingEuVatId = (vatId: string | null | undefined) => euVatCountry(vatId) !== undefined;

export interface VatTreatment {
  vatRateBp: number;
  reverseCharge: boolean;
  /** Printed on the invoice. */
  notes: string[];
}

/**
 * Reverse charge applies to a buyer with a valid-looking EU VAT id in a member state other than the
 * seller's (Article 196 of Directive 2006/112/EC); a buyer in the seller's own state pays domestic VAT.
 */
export function vatTreatment(input: { vatRateBp: number; buyerVatId?: string | null; sellerVatId?: string | null }): VatTreatment {
  const buyerCountry = euVatCountry(input.buyerVatId);
  const sellerCountry = input.sellerVatId ? normalizeVatId(input.sellerVatId).slice(0, 2) : undefined;
  if (buyerCountry && buyerCountry !== sellerCountry) {
    return {
      vatRateBp: 0,
      reverseCharge: true,
      notes: [
        `Reverse charge: VAT to be accounted for by the recipient (Article 196 of Council Directive 2006/112/EC). Customer VAT id ${normalizeVatId(input.buyerVatId!)}.`,
      ],
    };
  }
  return { vatRateBp: input.vatRateBp, reverseCharge: false, notes: [] };
}
