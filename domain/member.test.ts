import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loyaltyPointsEarned } from './loyalty';
import { memberNumberKey, memberPhoneKey, memberReceiptLoyalty } from './member';

describe('memberPhoneKey', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['(010) 6552.9988', '01065529988'],
    ['１３８００１３８０００', '13800138000'],
    ['１３８－００１３－８０００', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['+852 9123 4567', '+85291234567'],
    ['+86 10 6552 9988', '+861065529988'],
  ])('reads %j as %j', (typed, key) => {
    expect(memberPhoneKey(typed)).toBe(key);
  });

  it.each([[''], ['   '], ['M000123'], ['12'], ['138 0013 8000 ext 2'], ['1+38'], [null]])(
    'is not a phone number: %j',
    (typed) => {
      expect(memberPhoneKey(typed)).toBeNull();
    },
  );

  it('gives the same key however the digits are spaced or dashed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 3, maxLength: 15 }),
        fc.array(fc.constantFrom('', ' ', '-', '.', '  ', ' - '), { minLength: 15, maxLength: 15 }),
        (digits, gaps) => {
          const spaced = digits.map((d, i) => d + (gaps[i] ?? '')).join('');
          expect(memberPhoneKey(spaced)).toBe(memberPhoneKey(digits.join('')));
        },
      ),
    );
  });
});

describe('memberNumberKey', () => {
  it('trims the ends and makes full-width characters ASCII, and keeps the rest exactly', () => {
    expect(memberNumberKey('  M000123\t')).toBe('M000123');
    expect(memberNumberKey('Ｍ０００１２３')).toBe('M000123');
    expect(memberNumberKey('m000123')).toBe('m000123');
    expect(memberNumberKey('VIP 12')).toBe('VIP 12');
  });

  it('is null for nothing typed', () => {
    expect(memberNumberKey('   ')).toBeNull();
    expect(memberNumberKey(null)).toBeNull();
  });
});

describe('memberReceiptLoyalty', () => {
  it('adds the points this sale earns to the balance last pulled', () => {
    expect(
      memberReceiptLoyalty({
        memberName: '王芳',
        balanceBefore: 1200,
        totalMinor: 3599,
        currency: 'CNY',
      }),
    ).toEqual({ memberName: '王芳', pointsEarned: 35, pointsRedeemed: 0, pointsBalance: 1235 });
  });

  it('earns nothing below one yuan, and starts from a balance of zero or below as it is', () => {
    expect(
      memberReceiptLoyalty({ memberName: 'A', balanceBefore: 0, totalMinor: 99, currency: 'CNY' }),
    ).toMatchObject({ pointsEarned: 0, pointsBalance: 0 });
    expect(
      memberReceiptLoyalty({
        memberName: 'A',
        balanceBefore: -5,
        totalMinor: 800,
        currency: 'CNY',
      }),
    ).toMatchObject({ pointsEarned: 8, pointsBalance: 3 });
  });

  it('earns exactly what head office adds for the sale (loyaltyPointsEarned)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e9 }),
        (balance, total) => {
          const block = memberReceiptLoyalty({
            memberName: 'A',
            balanceBefore: balance,
            totalMinor: total,
            currency: 'CNY',
          });
          expect(block.pointsEarned).toBe(loyaltyPointsEarned(total, 'CNY'));
          expect(block.pointsBalance - balance).toBe(block.pointsEarned);
        },
      ),
    );
  });

  it('refuses a balance that is not a whole number of points', () => {
    expect(() =>
      memberReceiptLoyalty({
        memberName: 'A',
        balanceBefore: 1.5,
        totalMinor: 100,
        currency: 'CNY',
      }),
    ).toThrow(RangeError);
  });
});
