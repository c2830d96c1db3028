import { describe, expect, it } from 'vitest';
import { parseDiscountText, parsePercentText } from './discount-text';

describe('typed discounts', () => {
  it('reads percentages as exact basis points', () => {
    expect(parsePercentText('10')).toBe(1000);
    expect(parsePercentText('12.5')).toBe(1250);
    expect(parsePercentText('０.０１')).toBe(1);
    expect(parsePercentText('100 %')).toBe(10_000);
  });

  it('refuses percentages that are not a discount', () => {
    expect(() => parsePercentText('0')).toThrow(/more than 0/);
    expect(() => parsePercentText('101')).toThrow(/at most 100/);
    expect(() => parsePercentText('1.234')).toThrow(/not a percentage/);
    expect(() => parsePercentText('abc')).toThrow(/not a percentage/);
  });

  it('reads amounts in the currency minor units', () => {
    expect(parseDiscountText('amount', '2.5', 'CNY')).toEqual({ kind: 'amount', minor: 250 });
    expect(parseDiscountText('amount', '300', 'JPY')).toEqual({ kind: 'amount', minor: 300 });
    expect(() => parseDiscountText('amount', '0', 'CNY')).toThrow(/more than zero/);
  });
});
