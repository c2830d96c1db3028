import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cashRounding } from './cash-rounding';
import { ROUNDING_MODES } from './rounding';

describe('cashRounding (抹零)', () => {
  it('drops the fen of ¥12.37 to ¥12.30 (DOWN, step one jiao), adjustment −¥0.07', () => {
    expect(cashRounding(1237, 10, 'DOWN')).toEqual({ payableMinor: 1230, adjustmentMinor: -7 });
  });
  it('rounds ¥12.37 to ¥12.40 with HALF_UP, and ¥12.35 to ¥12.40 HALF_UP but ¥12.30 HALF_DOWN', () => {
    expect(cashRounding(1237, 10, 'HALF_UP')).toEqual({ payableMinor: 1240, adjustmentMinor: 3 });
    expect(cashRounding(1235, 10, 'HALF_UP').payableMinor).toBe(1240);
    expect(cashRounding(1235, 10, 'HALF_DOWN').payableMinor).toBe(1230);
    expect(cashRounding(1225, 10, 'HALF_EVEN').payableMinor).toBe(1220);
  });
  it('drops jiao and fen together with a one-yuan step', () => {
    expect(cashRounding(1299, 100, 'DOWN')).toEqual({ payableMinor: 1200, adjustmentMinor: -99 });
  });
  it('leaves an amount alone with a step of one minor unit', () => {
    expect(cashRounding(1237, 1, 'UP')).toEqual({ payableMinor: 1237, adjustmentMinor: 0 });
  });
  it('rounds a refund as the mirror image of the sale', () => {
    expect(cashRounding(-1237, 10, 'DOWN')).toEqual({ payableMinor: -1230, adjustmentMinor: 7 });
  });
  it('refuses a step below one minor unit', () => {
    expect(() => cashRounding(1237, 0, 'DOWN')).toThrow(RangeError);
  });
  it('always lands on a multiple of the step, less than one step away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom(1, 5, 10, 50, 100),
        fc.constantFrom(...ROUNDING_MODES),
        (total, step, mode) => {
          const r = cashRounding(total, step, mode);
          expect(r.payableMinor % step === 0).toBe(true);
          expect(Math.abs(r.adjustmentMinor)).toBeLessThan(step);
          expect(r.payableMinor - r.adjustmentMinor).toBe(total);
        },
      ),
    );
  });
});
