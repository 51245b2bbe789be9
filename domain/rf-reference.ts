/**
 * ISO 11649 structured creditor reference ("RF" reference): RF, two check digits, then 1–21 alphanumerics.
 * The check digits are computed like an IBAN's (ISO 7064 mod 97-10), so a mistyped reference is caught.
 */

const BODY = /^[A-Z0-9]{1,21}$/;

function toDigits(text: string): string {
  return [...text].map((ch) => (ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch)).join('');
}

function mod97(digits: string): number {
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder;
}

/** Normalises what people type or banks send: spaces dropped, upper-cased. */
export function normalizeReference(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function createRfReference(body: string): string {
  const normalized = normalizeReference(body);
  if (!BODY.test(normalized)) throw new Error(`RF reference body must be 1-21 letters or digits, got "${body}"`);
  const check = 98 - mod97(toDigits(`${normalized}RF00`));
  return `RF${String(check).padStart(2, '0')}${normalized}`;
}

export function isValidRfReference(input: string): boolean {
  const ref = normalizeReference(input);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(toDigits(ref.slice(4) + ref.slice(0, 4))) === 1;
}

/** "RF18 PF20 2600 0001" – the printed form, in groups of four. */
export function formatRfReference(ref: string): string {
  return normalizeReference(ref).replace(/(.{4})(?=.)/g, '$1 ');
}
