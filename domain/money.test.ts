import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currencyExponent, CURRENCY_CODES, isCurrencyCode } from './currency';
import {
  addMoney,
  formatMoney,
  MAX_MINOR,
  money,
  MoneyError,
  parseMoney,
  subtractMoney,
  sumMinor,
  toMinor,
} from './money';

describe('toMinor', () => {
  it('accepts integers up to 2^51 in magnitude', () => {
    expect(toMinor(1250)).toBe(1250);
    expect(toMinor(-MAX_MINOR)).toBe(-MAX_MINOR);
    expect(toMinor(MAX_MINOR)).toBe(MAX_MINOR);
  });
  it('rejects fractions, NaN, infinities and values past 2^51 with a MoneyError', () => {
    for (const bad of [12.5, Number.NaN, Infinity, MAX_MINOR + 1, -(MAX_MINOR + 1), 2 ** 53]) {
      expect(() => toMinor(bad)).toThrow(MoneyError);
    }
    expect(() => toMinor(0.1 + 0.2)).toThrow(/not a whole number of minor units/);
  });
  it('turns negative zero into zero', () => {
    expect(Object.is(toMinor(-0), 0)).toBe(true);
  });
});

describe('currencies', () => {
  it('know their minor-unit exponent', () => {
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(CURRENCY_CODES).toHaveLength(8);
    expect(isCurrencyCode('HKD')).toBe(true);
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(isCurrencyCode('toString')).toBe(false);
  });
});

describe('money arithmetic', () => {
  it('adds and subtracts amounts of one currency', () => {
    expect(addMoney(money(1250, 'CNY'), money(50, 'CNY'))).toEqual(money(1300, 'CNY'));
    expect(subtractMoney(money(1250, 'CNY'), money(1300, 'CNY'))).toEqual(money(-50, 'CNY'));
  });
  it('refuses to mix currencies', () => {
    expect(() => addMoney(money(1, 'CNY'), money(1, 'USD'))).toThrow(
      'Cannot add CNY and USD amounts',
    );
    expect(() => subtractMoney(money(1, 'JPY'), money(1, 'CNY'))).toThrow(MoneyError);
  });
  it('sums minor amounts and refuses an overflowing sum', () => {
    expect(sumMinor([100, 250, -50])).toBe(300);
    expect(sumMinor([])).toBe(0);
    expect(() => sumMinor([MAX_MINOR, 1])).toThrow(MoneyError);
    expect(() => sumMinor([1.5])).toThrow(MoneyError);
  });
});

describe('formatMoney', () => {
  it('shows each currency with its own number of decimals (zh-CN by default)', () => {
    expect(formatMoney(money(1250, 'CNY'))).toBe('¥12.50');
    expect(formatMoney(money(-1250, 'CNY'))).toBe('-¥12.50');
    expect(formatMoney(money(5, 'CNY'))).toBe('¥0.05');
    expect(formatMoney(money(1200, 'JPY'))).toBe('JP¥1,200');
    expect(formatMoney(money(1234, 'KWD'))).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(money(1250, 'CNY'), 'en-US')).toBe('CN¥12.50');
  });
  it('formats the largest amounts exactly, without float error', () => {
    expect(formatMoney(money(MAX_MINOR, 'USD'), 'en-US')).toBe('$22,517,998,136,852.48');
    expect(formatMoney(money(-MAX_MINOR + 1, 'KWD'), 'en-US')).toMatch(/2,251,799,813,685\.247$/);
  });
});

describe('parseMoney', () => {
  it('reads whole, one-decimal and two-decimal amounts', () => {
    expect(parseMoney('12', 'CNY').minor).toBe(1200);
    expect(parseMoney('12.5', 'CNY').minor).toBe(1250);
    expect(parseMoney('12.50', 'CNY').minor).toBe(1250);
    expect(parseMoney(' 0.05 ', 'CNY').minor).toBe(5);
    expect(parseMoney('.5', 'CNY').minor).toBe(50);
    expect(parseMoney('1200', 'JPY').minor).toBe(1200);
    expect(parseMoney('1.234', 'KWD').minor).toBe(1234);
  });
  it('reads full-width digits typed with a Chinese input method', () => {
    expect(parseMoney('１２．５', 'CNY').minor).toBe(1250);
  });
  it('rejects too many decimals for the currency', () => {
    expect(() => parseMoney('1.234', 'CNY')).toThrow(
      '"1.234" has more than 2 decimals, too many for CNY',
    );
    expect(() => parseMoney('12.5', 'JPY')).toThrow('JPY amounts have no decimals: "12.5"');
  });
  it('rejects text that is not an amount, and empty input', () => {
    expect(() => parseMoney('abc', 'CNY')).toThrow(
      '"abc" is not an amount; type digits such as 12.50',
    );
    expect(() => parseMoney('', 'CNY')).toThrow('Enter an amount');
    expect(() => parseMoney('   ', 'CNY')).toThrow('Enter an amount');
    expect(() => parseMoney('.', 'CNY')).toThrow(MoneyError);
    expect(() => parseMoney('1,000', 'CNY')).toThrow(MoneyError);
    expect(() => parseMoney('1e3', 'CNY')).toThrow(MoneyError);
  });
  it('rejects negatives unless allowed', () => {
    expect(() => parseMoney('-5', 'CNY')).toThrow('The amount cannot be negative');
    expect(parseMoney('-5.10', 'CNY', { allowNegative: true }).minor).toBe(-510);
  });
  it('rejects amounts past the 2^51 limit', () => {
    expect(() => parseMoney('99999999999999999999', 'CNY')).toThrow('too large');
  });
  it('round-trips every amount through its decimal text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
        fc.constantFrom(...CURRENCY_CODES),
        (minor, currency) => {
          const exponent = currencyExponent(currency);
          const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
          const text =
            (minor < 0 ? '-' : '') +
            (exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`);
          expect(parseMoney(text, currency, { allowNegative: true }).minor).toBe(
            minor === 0 ? 0 : minor,
          );
        },
      ),
    );
  });
});
