import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROUNDING_MODES } from './rounding';
import { taxesOfAmounts, taxOfAmount, type TaxableAmount } from './tax';

const at10 = (amounts: number[]): TaxableAmount[] =>
  amounts.map((amount) => ({ amount, taxRateId: 'sales10', rateBasisPoints: 1000 }));

describe('taxOfAmount', () => {
  it('carves tax out of a gross amount (inclusive): 1130 at 13 % holds 130', () => {
    expect(taxOfAmount(1130, 1300, 'inclusive', 'HALF_UP')).toBe(130);
    // 1050 × 1300 / 11300 = 120.80
    expect(taxOfAmount(1050, 1300, 'inclusive', 'HALF_UP')).toBe(121);
    expect(taxOfAmount(1050, 1300, 'inclusive', 'DOWN')).toBe(120);
  });
  it('adds tax on a net amount (exclusive): 1000 at 13 % adds 130', () => {
    expect(taxOfAmount(1000, 1300, 'exclusive', 'HALF_UP')).toBe(130);
    expect(taxOfAmount(105, 1000, 'exclusive', 'HALF_UP')).toBe(11);
    expect(taxOfAmount(105, 1000, 'exclusive', 'HALF_EVEN')).toBe(10);
  });
  it('charges nothing at a zero rate and refuses impossible rates', () => {
    expect(taxOfAmount(999, 0, 'inclusive', 'UP')).toBe(0);
    expect(() => taxOfAmount(100, -1, 'inclusive', 'UP')).toThrow(RangeError);
    expect(() => taxOfAmount(100, 12.5, 'inclusive', 'UP')).toThrow(RangeError);
  });
});

describe('refund-like negative amounts', () => {
  it('HALF_UP rounds −10.5 away from zero to −11; HALF_EVEN to −10', () => {
    expect(taxOfAmount(-105, 1000, 'exclusive', 'HALF_UP')).toBe(-11);
    expect(taxOfAmount(-105, 1000, 'exclusive', 'HALF_EVEN')).toBe(-10);
    expect(taxOfAmount(-105, 1000, 'exclusive', 'HALF_DOWN')).toBe(-10);
    expect(taxOfAmount(-115, 1000, 'exclusive', 'HALF_EVEN')).toBe(-12);
    expect(taxOfAmount(-101, 1000, 'exclusive', 'UP')).toBe(-11);
    expect(taxOfAmount(-109, 1000, 'exclusive', 'DOWN')).toBe(-10);
  });
  it('per_line, HALF_UP vs HALF_EVEN over −10.5, −25.5, −0.5', () => {
    expect(taxesOfAmounts(at10([-105, -255, -5]), 'exclusive', 'per_line', 'HALF_UP')).toEqual([
      -11, -26, -1,
    ]);
    expect(taxesOfAmounts(at10([-105, -255, -5]), 'exclusive', 'per_line', 'HALF_EVEN')).toEqual([
      -10, -26, 0,
    ]);
  });
  it('per_receipt, HALF_UP vs HALF_EVEN: −36.5 → −37 / −36, handed back by largest remainder', () => {
    expect(taxesOfAmounts(at10([-105, -255, -5]), 'exclusive', 'per_receipt', 'HALF_UP')).toEqual([
      -11, -26, 0,
    ]);
    expect(taxesOfAmounts(at10([-105, -255, -5]), 'exclusive', 'per_receipt', 'HALF_EVEN')).toEqual(
      [-10, -25, -1],
    );
  });
  it('a refund is taxed as the exact mirror image of its sale under every mode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(0, 600, 900, 1300, 2500),
        fc.constantFrom('inclusive' as const, 'exclusive' as const),
        fc.constantFrom('per_line' as const, 'per_receipt' as const),
        fc.constantFrom(...ROUNDING_MODES),
        (amounts, rate, taxMode, rounding, mode) => {
          const rows = (xs: number[]) =>
            xs.map((amount) => ({ amount, taxRateId: 'r', rateBasisPoints: rate }));
          const sale = taxesOfAmounts(rows(amounts), taxMode, rounding, mode);
          const refund = taxesOfAmounts(rows(amounts.map((a) => -a)), taxMode, rounding, mode);
          expect(refund).toEqual(sale.map((x) => (x === 0 ? 0 : -x)));
        },
      ),
    );
  });
  it('refuses to mix sale and refund amounts in one per_receipt rate', () => {
    expect(() => taxesOfAmounts(at10([100, -50]), 'exclusive', 'per_receipt', 'HALF_UP')).toThrow(
      'Per-receipt tax cannot mix sale and refund amounts at rate sales10',
    );
  });
});

describe('taxesOfAmounts per_receipt', () => {
  it('keeps rates apart and returns taxes in input order', () => {
    const rows: TaxableAmount[] = [
      { amount: 2590, taxRateId: 'vat9', rateBasisPoints: 900 },
      { amount: 1050, taxRateId: 'vat13', rateBasisPoints: 1300 },
      { amount: 1606, taxRateId: 'vat9', rateBasisPoints: 900 },
    ];
    expect(taxesOfAmounts(rows, 'inclusive', 'per_receipt', 'HALF_UP')).toEqual([214, 121, 132]);
    expect(taxesOfAmounts(rows, 'inclusive', 'per_line', 'HALF_UP')).toEqual([214, 121, 133]);
  });
  it('refuses one rate id carrying two rates', () => {
    const rows: TaxableAmount[] = [
      { amount: 100, taxRateId: 'x', rateBasisPoints: 900 },
      { amount: 100, taxRateId: 'x', rateBasisPoints: 1300 },
    ];
    expect(() => taxesOfAmounts(rows, 'inclusive', 'per_receipt', 'HALF_UP')).toThrow(RangeError);
  });
});
