/**
 * VAT treatment of a cycle's charges: the organization's rate, or the EU reverse charge when the buyer is a
 * business in another member state (it then accounts for the VAT itself, and the invoice says so).
 *
 * "Valid-looking" is jsvat's format check per member state (the API checks the check digits too, where the id
 * is entered: api/routes/organization-details.ts), not a VIES lookup: that is an online check with its own
 * failure modes, and belongs at the moment the VAT id is entered, not in billing.
 */
import * as jsvat from 'jsvat';

/** The EU member states, as jsvat knows their formats (Greece's prefix is EL, not its ISO code GR). */
const EU_MEMBER_STATES = [
  jsvat.austria,
  jsvat.belgium,
  jsvat.bulgaria,
  jsvat.croatia,
  jsvat.cyprus,
  jsvat.czechRepublic,
  jsvat.denmark,
  jsvat.estonia,
  jsvat.finland,
  jsvat.france,
  jsvat.germany,
  jsvat.greece,
  jsvat.hungary,
  jsvat.ireland,
  jsvat.italy,
  jsvat.latvia,
  jsvat.lithuania,
  jsvat.luxembourg,
  jsvat.malta,
  jsvat.netherlands,
  jsvat.poland,
  jsvat.portugal,
  jsvat.romania,
  jsvat.slovakiaRepublic,
  jsvat.slovenia,
  jsvat.spain,
  jsvat.sweden,
];
// Not the United Kingdom: Northern Ireland's XI numbers are outside the EU VAT area for services.

/** "de 123.456-789" → "DE123456789": what people type, without separators. */
export function normalizeVatId(vatId: string): string {
  return vatId.replace(/[\s.\-/]/g, '').toUpperCase();
}

/** The member state of a valid-looking EU VAT id ("DE"), or undefined. */
export function euVatCountry(vatId: string | null | undefined): string | undefined {
  if (!vatId) return undefined;
  const id = normalizeVatId(vatId);
  return jsvat.checkVAT(id, EU_MEMBER_STATES).isValidFormat ? id.slice(0, 2) : undefined;
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
