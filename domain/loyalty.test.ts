import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, currencyExponent } from './currency';
import { loyaltyPointsEarned } from './loyalty';

describe('loyaltyPointsEarned', () => {
  it('gives a point per whole major unit, rounded down', () => {
    expect(loyaltyPointsEarned(3599, 'CNY')).toBe(35);
    expect(loyaltyPointsEarned(3500, 'CNY')).toBe(35);
    expect(loyaltyPointsEarned(99, 'CNY')).toBe(0);
    expect(loyaltyPointsEarned(1200, 'JPY')).toBe(1200);
    expect(loyaltyPointsEarned(1234, 'KWD')).toBe(1);
  });

  it('gives nothing for a total of zero or less', () => {
    expect(loyaltyPointsEarned(0, 'CNY')).toBe(0);
    expect(loyaltyPointsEarned(-500, 'CNY')).toBe(0);
  });

  it('refuses a total that is not whole minor units', () => {
    expect(() => loyaltyPointsEarned(12.5, 'CNY')).toThrow(RangeError);
  });

  it('is a whole number, never more than the major units paid, and grows with the total', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_CODES),
        fc.integer({ min: -1e9, max: 2 ** 51 }),
        fc.integer({ min: 0, max: 1e9 }),
        (currency, total, more) => {
          const points = loyaltyPointsEarned(total, currency);
          expect(Number.isSafeInteger(points)).toBe(true);
          expect(points).toBeGreaterThanOrEqual(0);
          expect(points).toBeLessThanOrEqual(Math.max(0, total / 10 ** currencyExponent(currency)));
          expect(loyaltyPointsEarned(total + more, currency)).toBeGreaterThanOrEqual(points);
        },
      ),
    );
  });
});
