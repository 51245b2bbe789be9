import { computeCycleCharges } from '../../domain/charges';

const plan = {
  setupFeeMinor: 10000,
  monthlyFeeMinor: 5000,
  usagePrices: [
    { metric: 'seats', unit: 'seat', unitPriceMinor: 300 },
    { metric: 'minutes', unit: 'minute', unitPriceMinor: 2 },
  ],
};

describe('cycle charges', () => {
  it("first partial month: setup fee, prorated monthly fee, usage at the plan's prices, VAT per rate", () => {
    const totals = computeCycleCharges({
      currency: 'EUR',
      plan,
      vatRateBp: 2100,
      firstCycle: true,
      billedDays: 6,
      periodDays: 30,
      usage: { seats: 4, minutes: 1234, unknown: 99 },
    });
    expect(
      totals.lines.map(({ description, quantity, unitPriceMinor, amountMinor }) => [description, quantity, unitPriceMinor, amountMinor]),
    ).toEqual([
      ['One-time setup fee', 1, 10000, 10000],
      ['Monthly service fee, prorated 6/30 days', 1, 1000, 1000],
      ['seats (seat)', 4, 300, 1200],
      ['minutes (minute)', 1234, 2, 2468],
    ]);
    expect(totals.subtotalMinor).toBe(14668);
    expect(totals.vatMinor).toBe(3080); // 21 % of 146.68 = 30.8028
    expect(totals.totalMinor).toBe(17748);
  });

  it('later cycles: no setup fee, full monthly fee, no line for unused metrics', () => {
    const totals = computeCycleCharges({
      currency: 'EUR',
      plan,
      vatRateBp: 2100,
      firstCycle: false,
      billedDays: 31,
      periodDays: 31,
      usage: {},
    });
    expect(totals.lines.map((l) => l.description)).toEqual(['Monthly service fee']);
    expect(totals.totalMinor).toBe(6050);
  });

  it('prorates with integer rounding (half up), never floats', () => {
    const totals = computeCycleCharges({
      currency: 'EUR',
      plan: { ...plan, monthlyFeeMinor: 999 },
      vatRateBp: 0,
      firstCycle: false,
      billedDays: 1,
      periodDays: 31,
      usage: {},
    });
    expect(totals.lines[0].unitPriceMinor).toBe(32); // 999 / 31 = 32.2
    expect(totals.vat).toEqual([{ vatRateBp: 0, baseMinor: 32, vatMinor: 0 }]);
  });

  it('a first cycle that starts on the 1st is a full month', () => {
    const totals = computeCycleCharges({
      currency: 'JPY',
      plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] },
      vatRateBp: 1000,
      firstCycle: true,
      billedDays: 30,
      periodDays: 30,
      usage: {},
    });
    expect(totals.lines.map((l) => l.description)).toEqual(['Monthly service fee']);
    expect(totals.totalMinor).toBe(5500);
  });
});
