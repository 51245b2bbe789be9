import { add, applyBasisPoints, formatMoney, money, MoneyError, prorate, subtract, sum } from '../../domain/money';

describe('money', () => {
  it('refuses fractions, unsafe integers and unknown currencies', () => {
    expect(() => money(10.5, 'EUR')).toThrow(MoneyError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'EUR')).toThrow(MoneyError);
    expect(() => money(100, 'XXX')).toThrow(/unsupported currency/);
    expect(money(100, 'EUR')).toEqual({ amountMinor: 100, currency: 'EUR' });
  });

  it('adds only the same currency', () => {
    expect(add(money(150, 'EUR'), money(275, 'EUR'))).toEqual(money(425, 'EUR'));
    expect(subtract(money(150, 'EUR'), money(275, 'EUR'))).toEqual(money(-125, 'EUR'));
    expect(() => add(money(1, 'EUR'), money(1, 'USD'))).toThrow(/currency mismatch/);
    expect(sum('EUR', [money(1, 'EUR'), money(2, 'EUR'), money(3, 'EUR')])).toEqual(money(6, 'EUR'));
  });

  it('rounds percentages half away from zero without floating point', () => {
    expect(applyBasisPoints(1000, 2100)).toBe(210);
    expect(applyBasisPoints(5, 1000)).toBe(1); // 0.5 -> 1
    expect(applyBasisPoints(4, 1000)).toBe(0); // 0.4 -> 0
    expect(applyBasisPoints(-5, 1000)).toBe(-1);
    expect(applyBasisPoints(1999, 1950)).toBe(390); // 389.805 -> 390
    // 9e13 × 2100 overflows a double's integer range; BigInt keeps it exact.
    expect(applyBasisPoints(90_000_000_000_001, 2100)).toBe(18_900_000_000_000);
  });

  it('prorates by days with half-up rounding', () => {
    expect(prorate(3000, 15, 30)).toBe(1500);
    expect(prorate(1000, 1, 3)).toBe(333);
    expect(prorate(1000, 2, 3)).toBe(667);
    expect(() => prorate(1000, 4, 3)).toThrow();
  });

  it('formats with the currency exponent', () => {
    expect(formatMoney(money(123456, 'EUR'))).toBe('1,234.56 EUR');
    expect(formatMoney(money(5, 'EUR'))).toBe('0.05 EUR');
    expect(formatMoney(money(-100, 'USD'))).toBe('-1.00 USD');
    expect(formatMoney(money(1500, 'JPY'))).toBe('1,500 JPY');
  });
});
