/**
 * Money is an integer count of the currency's minor unit (cents for EUR) plus its ISO 4217 code.
 * Nothing here ever touches a floating-point amount.
 */

/** ISO 4217 codes the engine bills in, with the number of digits of their minor unit. */
export const CURRENCY_EXPONENTS = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
} as const;

export type Currency = keyof typeof CURRENCY_EXPONENTS;
export const CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as [Currency, ...Currency[]];

export interface Money {
  amountMinor: number;
  currency: Currency;
}

export class MoneyError extends Error {
  override name = 'MoneyError';
}

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function assertMinorUnits(amountMinor: number, what = 'amount'): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(`${what} must be a whole number of minor units, got ${amountMinor}`);
  }
  return amountMinor;
}

export function money(amountMinor: number, currency: string): Money {
  if (!isCurrency(currency)) throw new MoneyError(`unsupported currency ${currency}`);
  return { amountMinor: assertMinorUnits(amountMinor), currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function sum(currency: Currency, amounts: readonly Money[]): Money {
  return amounts.reduce(add, money(0, currency));
}

/**
 * amountMinor × basisPoints / 10 000, rounded half away from zero. Computed with BigInt so that the
 * intermediate product cannot lose precision.
 */
export function applyBasisPoints(amountMinor: number, basisPoints: number): number {
  assertMinorUnits(amountMinor);
  if (!Number.isSafeInteger(basisPoints)) throw new MoneyError(`basis points must be an integer, got ${basisPoints}`);
  const product = BigInt(amountMinor) * BigInt(basisPoints);
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const rounded = (magnitude + 5000n) / 10000n;
  return assertMinorUnits(Number(negative ? -rounded : rounded));
}

/** Splits an amount into parts proportional to whole-number days, distributing the remainder fairly. */
export function prorate(amountMinor: number, numerator: number, denominator: number): number {
  if (denominator <= 0 || numerator < 0 || numerator > denominator) {
    throw new MoneyError(`invalid proration ${numerator}/${denominator}`);
  }
  const product = BigInt(assertMinorUnits(amountMinor)) * BigInt(numerator);
  const d = BigInt(denominator);
  return Number((product * 2n + d) / (2n * d)); // half-up for non-negative amounts
}

/** "1234.56 EUR" – for documents and e-mails; digits only, so parsing it back is unambiguous. */
export function formatMoney(m: Money): string {
  const exponent = CURRENCY_EXPONENTS[m.currency];
  const negative = m.amountMinor < 0;
  const digits = String(Math.abs(m.amountMinor)).padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : digits.slice(0, -exponent);
  const minor = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  const grouped = major.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${minor} ${m.currency}`;
}

/**
 * "1,250.50" or "1250,5" typed by a person → minor units, by string arithmetic (no floats); null when it is
 * not an amount in that currency (too many decimals, letters, negative).
 */
export function parseMajorAmount(text: string, currency: Currency): number | null {
  const exponent = CURRENCY_EXPONENTS[currency];
  const cleaned = text.trim().replace(/[\s']/g, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(`${match[1].replace(/,/g, '')}${fraction.padEnd(exponent, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units → the major-unit text a form field shows ("150.00"). */
export function formatMajorAmount(amountMinor: number, currency: Currency): string {
  return formatMoney({ amountMinor, currency })
    .replace(/ [A-Z]{3}$/, '')
    .replace(/,/g, '');
}
