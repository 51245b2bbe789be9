import { estimateNextCycle } from '../../domain/charges';
import { topUpStateAfterCredits, validateTopUp } from '../../domain/top-up';

const base = { currency: 'EUR', orgCurrency: 'EUR' as const, maxMinor: 1_000_000, balanceMinor: 0, nextCycleEstimateMinor: 5000 };

describe('top-up validation', () => {
  it('names the field of each problem', () => {
    expect(validateTopUp({ ...base, amountMinor: 0 }).errors).toEqual([
      { field: 'amountMinor', message: expect.stringMatching(/positive/) },
    ]);
    expect(validateTopUp({ ...base, amountMinor: 12.5 }).errors[0].field).toBe('amountMinor');
    expect(validateTopUp({ ...base, amountMinor: 2_000_000 }).errors[0].message).toMatch(/must not exceed 10,000.00 EUR/);
    expect(validateTopUp({ ...base, amountMinor: 100, currency: 'USD' }).errors).toEqual([
      { field: 'currency', message: expect.stringMatching(/EUR/) },
    ]);
  });

  it('warns, without refusing, when the balance after the top-up will not cover the next cycle', () => {
    const short = validateTopUp({ ...base, amountMinor: 4000, balanceMinor: 500 });
    expect(short.errors).toEqual([]);
    expect(short.warning).toMatch(/45.00 EUR, short of .* 50.00 EUR/);
    expect(validateTopUp({ ...base, amountMinor: 4500, balanceMinor: 500 }).warning).toBeUndefined();
  });

  it('derives the order state from the credits received', () => {
    expect(topUpStateAfterCredits(1000, 0)).toBe('awaiting_payment');
    expect(topUpStateAfterCredits(1000, 400)).toBe('partially_paid');
    expect(topUpStateAfterCredits(1000, 1000)).toBe('paid');
    expect(topUpStateAfterCredits(1000, 1500)).toBe('paid');
  });

  it('estimates the next cycle: setup fee until charged, monthly fee, VAT', () => {
    const org = {
      currency: 'EUR' as const,
      vatRateBp: 2000,
      setupFeeCharged: false,
      plan: { setupFeeMinor: 10000, monthlyFeeMinor: 2500, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
    };
    expect(estimateNextCycle(org).totalMinor).toBe(15000);
    expect(estimateNextCycle({ ...org, setupFeeCharged: true }).totalMinor).toBe(3000);
    expect(estimateNextCycle({ ...org, setupFeeCharged: true }, { seats: 2 }).totalMinor).toBe(3720);
  });
});
