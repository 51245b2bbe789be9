import { formatMoney, type Currency } from './money';

export type TopUpState = 'issuing' | 'awaiting_payment' | 'partially_paid' | 'paid' | 'expired' | 'cancelled';
export const OPEN_TOP_UP_STATES: readonly TopUpState[] = ['issuing', 'awaiting_payment', 'partially_paid'];

export interface TopUpValidation {
  errors: { field: string; message: string }[];
  /** Present when the order, once paid, still leaves the balance short of the next cycle's estimate. */
  warning?: string;
}

export function validateTopUp(input: {
  amountMinor: number;
  currency: string;
  orgCurrency: Currency;
  maxMinor: number;
  balanceMinor: number;
  nextCycleEstimateMinor: number;
}): TopUpValidation {
  const errors: TopUpValidation['errors'] = [];
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    errors.push({ field: 'amountMinor', message: 'must be a positive whole number of minor units' });
  } else if (input.amountMinor > input.maxMinor) {
    errors.push({
      field: 'amountMinor',
      message: `must not exceed ${formatMoney({ amountMinor: input.maxMinor, currency: input.orgCurrency })}`,
    });
  }
  if (input.currency !== input.orgCurrency) {
    errors.push({ field: 'currency', message: `must be the organization's currency ${input.orgCurrency}` });
  }
  if (errors.length > 0) return { errors };
  const after = input.balanceMinor + input.amountMinor;
  if (after < input.nextCycleEstimateMinor) {
    const fmt = (amountMinor: number) => formatMoney({ amountMinor, currency: input.orgCurrency });
    return {
      errors,
      warning:
        `After this top-up the balance will be ${fmt(after)}, short of the next billing cycle's estimated ` +
        `${fmt(input.nextCycleEstimateMinor)}. Ensure the top-up amount is sufficient for the next billing cycle.`,
    };
  }
  return { errors };
}

/** The sum of credits received decides the order's state; over-payment still counts as paid. */
export function topUpStateAfterCredits(amountMinor: number, receivedMinor: number): TopUpState {
  if (receivedMinor >= amountMinor) return 'paid';
  return receivedMinor > 0 ? 'partially_paid' : 'awaiting_payment';
}
