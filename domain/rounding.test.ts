import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateLargestRemainder,
  divideRounded,
  mulDivRounded,
  ROUNDING_MODES,
  type RoundingMode,
} from './rounding';

/** Reference: round n/d by comparing 2·|remainder| with |d| on BigInt, written independently. */
function reference(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const floor = an / ad;
  const twice = 2n * (an - floor * ad);
  let up: boolean;
  if (twice === 0n) up = false;
  else if (mode === 'UP') up = true;
  else if (mode === 'DOWN') up = false;
  else if (twice > ad) up = true;
  else if (twice < ad) up = false;
  else up = mode === 'HALF_UP' || (mode === 'HALF_EVEN' && floor % 2n === 1n);
  return sign * (up ? floor + 1n : floor);
}

describe('divideRounded', () => {
  // [numerator, denominator, HALF_UP, HALF_EVEN, HALF_DOWN, UP, DOWN]
  const grid: [number, number, number, number, number, number, number][] = [
    [25, 10, 3, 2, 2, 3, 2],
    [35, 10, 4, 4, 3, 4, 3],
    [-25, 10, -3, -2, -2, -3, -2],
    [-35, 10, -4, -4, -3, -4, -3],
    [26, 10, 3, 3, 3, 3, 2],
    [24, 10, 2, 2, 2, 3, 2],
    [-24, 10, -2, -2, -2, -3, -2],
    [20, 10, 2, 2, 2, 2, 2],
    [0, 7, 0, 0, 0, 0, 0],
    [25, -10, -3, -2, -2, -3, -2],
    [1, 3, 0, 0, 0, 1, 0],
    [2, 3, 1, 1, 1, 1, 0],
  ];
  it.each(grid)('%i / %i rounds as in the named-mode table', (n, d, ...expected) => {
    expect(ROUNDING_MODES.map((m) => divideRounded(n, d, m))).toEqual(expected);
  });

  it('is exact next to 2^53 where float division would round the wrong way', () => {
    // (2^53 - 1) / 2 = 4503599627370495.5 exactly; float division says 4503599627370496.
    expect(divideRounded(2 ** 53 - 1, 2, 'DOWN')).toBe(4503599627370495);
    expect(divideRounded(2 ** 53 - 1, 2, 'HALF_EVEN')).toBe(4503599627370496);
    expect(divideRounded(-(2 ** 53 - 3), 2, 'HALF_EVEN')).toBe(-4503599627370494);
  });

  it('rejects a zero denominator and non-integers', () => {
    expect(() => divideRounded(1, 0, 'HALF_UP')).toThrow('Cannot divide by zero');
    expect(() => divideRounded(1.5, 2, 'HALF_UP')).toThrow(RangeError);
    expect(() => divideRounded(2 ** 53, 2, 'HALF_UP')).toThrow(RangeError);
  });

  it('agrees with a BigInt reference for every mode and sign', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.oneof(fc.integer({ min: -20, max: 20 }), fc.maxSafeInteger()).filter((d) => d !== 0),
        fc.constantFrom(...ROUNDING_MODES),
        (n, d, mode) => {
          expect(BigInt(divideRounded(n, d, mode))).toBe(reference(BigInt(n), BigInt(d), mode));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('mulDivRounded multiplies exactly beyond 2^53 before dividing', () => {
    // (2^51 − 1) × 1000 / 2000 = 1125899906842623.5 exactly; the product is past 2^53.
    expect(mulDivRounded(2 ** 51 - 1, 1000, 2000, 'HALF_UP')).toBe(1125899906842624);
    expect(mulDivRounded(2 ** 51 - 1, 1000, 2000, 'HALF_EVEN')).toBe(1125899906842624);
    expect(mulDivRounded(2 ** 51 - 1, 1000, 2000, 'HALF_DOWN')).toBe(1125899906842623);
    expect(mulDivRounded(-(2 ** 51 - 1), 1000, 2000, 'HALF_UP')).toBe(-1125899906842624);
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 51), max: 2 ** 51 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...ROUNDING_MODES),
        (a, b, d, mode) => {
          const exact = reference(BigInt(a) * BigInt(b), BigInt(d), mode);
          if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
            expect(() => mulDivRounded(a, b, d, mode)).toThrow(RangeError);
          } else {
            expect(BigInt(mulDivRounded(a, b, d, mode))).toBe(exact);
          }
        },
      ),
    );
  });
});

describe('allocateLargestRemainder', () => {
  it('gives leftover units to the largest remainders', () => {
    // 100 over 1:1:1 → 33.33 each; one unit left, tie → earliest index.
    expect(allocateLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 10 over 3:3:4 → 3, 3, 4 exactly.
    expect(allocateLargestRemainder(10, [3, 3, 4])).toEqual([3, 3, 4]);
    // 100 over 1:2:3 → 16.67, 33.33, 50 → remainders .67,.33,0 → [17, 33, 50].
    expect(allocateLargestRemainder(100, [1, 2, 3])).toEqual([17, 33, 50]);
  });
  it('mirrors a negative total', () => {
    expect(allocateLargestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateLargestRemainder(-100, [1, 2, 3])).toEqual([-17, -33, -50]);
  });
  it('spreads evenly over all-zero weights and gives zero weights nothing otherwise', () => {
    expect(allocateLargestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(allocateLargestRemainder(5, [0, 1, 0])).toEqual([0, 5, 0]);
    expect(allocateLargestRemainder(0, [])).toEqual([]);
  });
  it('rejects negative weights, fractions and a total with nowhere to go', () => {
    expect(() => allocateLargestRemainder(5, [-1, 2])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(5, [1.5])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(5, [])).toThrow('Cannot allocate 5 over no shares');
  });
  it('sums exactly to the total and keeps every share within 1 of its exact proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 51), max: 2 ** 51 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const shares = allocateLargestRemainder(total, weights);
          expect(shares).toHaveLength(weights.length);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
          const ws = weights.every((w) => w === 0) ? weights.map(() => 1) : weights;
          const sumW = BigInt(ws.reduce((a, b) => a + b, 0));
          shares.forEach((share, i) => {
            expect(Number.isInteger(share)).toBe(true);
            // |share − total·w/W| < 1  ⇔  |share·W − total·w| < W
            const diff = BigInt(share) * sumW - BigInt(total) * BigInt(ws[i] ?? 0);
            expect(diff < 0n ? -diff : diff).toBeLessThan(sumW);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat(1000), { minLength: 1 }), (t, w) => {
        expect(allocateLargestRemainder(t, w)).toEqual(allocateLargestRemainder(t, w));
      }),
    );
  });
});
