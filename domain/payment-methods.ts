/**
 * Payment-method set-up: states and the money conversions the providers need (failure types: ./errors.ts).
 * Pure and deterministic, so workflows may import it.
 */
import { assertMinorUnits, CURRENCY_EXPONENTS, MoneyError, type Currency } from './money';

export type DefaultPaymentMethod = 'prepaid' | 'paypal' | 'card';
export type PaymentMethodKind = 'paypal' | 'card';

export const PAYPAL_SETUP_STATES = ['creating', 'awaiting_approval', 'vaulting', 'active', 'cancelled', 'expired', 'failed'] as const;
export type PayPalSetupState = (typeof PAYPAL_SETUP_STATES)[number];

export const CARD_SETUP_STATES = ['creating', 'awaiting_confirmation', 'saving', 'active', 'cancelled', 'expired', 'failed'] as const;
export type CardSetupState = (typeof CARD_SETUP_STATES)[number];

export { NON_RETRYABLE_PROVIDER_FAILURES, ProviderFailure } from './errors';

/**
 * "12.34" for 1234 EUR cents, "500" for 500 JPY: PayPal's `value` strings, built from the digits so no
 * floating-point amount ever exists.
 */
export function minorToDecimalString(amountMinor: number, currency: Currency): string {
  assertMinorUnits(amountMinor);
  if (amountMinor < 0) throw new MoneyError(`a payment amount cannot be negative, got ${amountMinor}`);
  const exponent = CURRENCY_EXPONENTS[currency];
  const digits = String(amountMinor).padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The inverse, for amounts PayPal reports back; refuses more decimals than the currency has. */
export function decimalStringToMinor(value: string, currency: Currency): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match || (match[2] ?? '').length > exponent) throw new MoneyError(`"${value}" is not an amount in ${currency}`);
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  return assertMinorUnits(Number(`${match[1]}${fraction}`));
}

/**
 * Stripe's minimum charge per currency, in minor units (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts);
 * a currency not listed is left to Stripe, whose `amount_too_small` answer means the same.
 */
export const STRIPE_MINIMUM_CHARGE_MINOR: Partial<Record<Currency, number>> = {
  EUR: 50,
  USD: 50,
  GBP: 30,
  CHF: 50,
  CAD: 50,
  AUD: 50,
  JPY: 50,
  SEK: 300,
  NOK: 300,
  DKK: 250,
  PLN: 200,
  CZK: 1500,
};
