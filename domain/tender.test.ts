import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateTenders, type Tender } from './tender';

describe('evaluateTenders', () => {
  it('gives change from cash over the total', () => {
    expect(evaluateTenders(1250, [{ kind: 'cash', amountMinor: 2000 }])).toEqual({
      totalMinor: 1250,
      tenderedMinor: 2000,
      remainingMinor: 0,
      changeMinor: 750,
      canComplete: true,
      problem: null,
    });
  });
  it('takes an exact card payment with its reference', () => {
    const s = evaluateTenders(1250, [{ kind: 'card', amountMinor: 1250, reference: 'T-88123' }]);
    expect(s.canComplete).toBe(true);
    expect(s.changeMinor).toBe(0);
  });
  it('splits card and cash, with change only from the cash part', () => {
    const s = evaluateTenders(1250, [
      { kind: 'card', amountMinor: 1000, reference: 'T-1' },
      { kind: 'cash', amountMinor: 500 },
    ]);
    expect(s).toMatchObject({
      tenderedMinor: 1500,
      changeMinor: 250,
      remainingMinor: 0,
      canComplete: true,
    });
  });
  it('says how much is still due when the tenders fall short', () => {
    const s = evaluateTenders(1250, [{ kind: 'cash', amountMinor: 1000 }]);
    expect(s.canComplete).toBe(false);
    expect(s.remainingMinor).toBe(250);
    expect(s.changeMinor).toBe(0);
    expect(s.problem).toBe('Tendered ¥10.00 does not cover the total ¥12.50; ¥2.50 is still due');
  });
  it('refuses card payments that exceed the total (no change from a card)', () => {
    const s = evaluateTenders(1250, [
      { kind: 'card', amountMinor: 1300, reference: 'T-1' },
      { kind: 'cash', amountMinor: 500 },
    ]);
    expect(s.canComplete).toBe(false);
    expect(s.changeMinor).toBe(0);
    expect(s.problem).toBe('Card payments ¥13.00 are more than the total ¥12.50');
  });
  it('needs a terminal reference for every card payment', () => {
    const s = evaluateTenders(1250, [{ kind: 'card', amountMinor: 1250, reference: '  ' }]);
    expect(s.canComplete).toBe(false);
    expect(s.problem).toBe("The card payment of ¥12.50 needs the terminal's reference number");
  });
  it('refuses zero and negative tenders', () => {
    const s = evaluateTenders(0, [{ kind: 'cash', amountMinor: 0 }]);
    expect(s.problem).toBe('Each payment must be more than ¥0.00');
    expect(evaluateTenders(100, [{ kind: 'cash', amountMinor: -100 }]).canComplete).toBe(false);
  });
  it('formats the problem in the sale currency when told', () => {
    const s = evaluateTenders(1874, [{ kind: 'cash', amountMinor: 1000 }], { currency: 'JPY' });
    expect(s.problem).toBe(
      'Tendered JP¥1,000 does not cover the total JP¥1,874; JP¥874 is still due',
    );
  });

  const tender = fc.oneof(
    fc.record({
      kind: fc.constant('cash' as const),
      amountMinor: fc.integer({ min: 1, max: 10_000_000 }),
    }),
    fc.record({
      kind: fc.constant('card' as const),
      amountMinor: fc.integer({ min: 1, max: 10_000_000 }),
      reference: fc.constant('T-1'),
    }),
  );
  it('never gives negative change, and tendered − change = total whenever it completes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.array(tender, { maxLength: 5 }),
        (total, ts: Tender[]) => {
          const s = evaluateTenders(total, ts);
          expect(s.changeMinor).toBeGreaterThanOrEqual(0);
          expect(s.remainingMinor).toBeGreaterThanOrEqual(0);
          const nonCash = ts
            .filter((t) => t.kind === 'card')
            .reduce((a, t) => a + t.amountMinor, 0);
          expect(s.canComplete).toBe(s.tenderedMinor >= total && nonCash <= total);
          expect(s.problem === null).toBe(s.canComplete);
          if (s.canComplete) {
            expect(s.tenderedMinor - s.changeMinor).toBe(total);
            expect(s.remainingMinor).toBe(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
