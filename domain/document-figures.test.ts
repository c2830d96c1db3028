import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRefundFigures, checkShiftCloseFigures } from './document-figures';

const line = fc
  .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }))
  .map(([a, b]) => ({ amountMinor: Math.max(a, b), taxMinor: Math.min(a, b) }));

/** A refund whose figures agree: totals from its lines, tenders split the total. */
const consistentRefund = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 4 }))
  .map(([lines, tenderCount]) => {
    const totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
    const taxMinor = lines.reduce((s, l) => s + l.taxMinor, 0);
    const share = Math.floor(totalMinor / tenderCount);
    const tenders = Array.from({ length: tenderCount }, (_, i) => ({
      amountMinor: i === 0 ? totalMinor - share * (tenderCount - 1) : share,
    }));
    return { lines, totalMinor, taxMinor, tenders };
  });

describe('checkRefundFigures', () => {
  it('accepts a refund whose figures agree', () => {
    fc.assert(
      fc.property(consistentRefund, (r) => {
        expect(checkRefundFigures(r)).toEqual({ ok: true });
      }),
    );
  });

  it('refuses one with its total, tax or a tender moved by any amount', () => {
    fc.assert(
      fc.property(
        consistentRefund,
        fc.constantFrom('totalMinor', 'taxMinor', 'tender'),
        fc.integer({ min: -1000, max: 1000 }).filter((d) => d !== 0),
        (r, field, delta) => {
          const bad =
            field === 'tender'
              ? {
                  ...r,
                  tenders: r.tenders.map((t, i) =>
                    i === 0 ? { amountMinor: t.amountMinor + delta } : t,
                  ),
                }
              : { ...r, [field]: r[field] + delta };
          expect(checkRefundFigures(bad).ok).toBe(false);
        },
      ),
    );
  });

  it('names the figure and what it should be', () => {
    const r = {
      lines: [{ amountMinor: 137, taxMinor: 16 }],
      totalMinor: 137,
      taxMinor: 16,
      tenders: [{ amountMinor: 100 }],
    };
    expect(checkRefundFigures(r)).toEqual({
      ok: false,
      reason: 'totalMinor is 137 but its tenders add up to 100',
    });
    expect(checkRefundFigures({ ...r, lines: [{ amountMinor: 10, taxMinor: 16 }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('lines.0.taxMinor is 16'),
    });
  });

  it('refuses sums past the domain limit instead of rounding them', () => {
    const big = { amountMinor: 2 ** 51, taxMinor: 0 };
    expect(
      checkRefundFigures({
        lines: [big, big],
        totalMinor: 2 ** 52,
        taxMinor: 0,
        tenders: [{ amountMinor: 2 ** 52 }],
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^lines: /) });
  });
});

describe('checkShiftCloseFigures', () => {
  it('accepts counted − expected and refuses anything else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: -1000, max: 1000 }),
        (expected, counted, off) => {
          const ok = checkShiftCloseFigures({
            expectedCashMinor: expected,
            countedCashMinor: counted,
            varianceMinor: counted - expected + off,
          }).ok;
          expect(ok).toBe(off === 0);
        },
      ),
    );
  });
});
