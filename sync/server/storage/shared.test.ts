import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IngestDocument, TotalsDelta } from './port';
import { aggregateEffects } from './shared';

const totalsDelta: fc.Arbitrary<TotalsDelta> = fc.record({
  day: fc.constantFrom('2026-11-23', '2026-11-24'),
  currency: fc.constantFrom('CNY' as const, 'HKD' as const),
  salesCount: fc.integer({ min: 0, max: 1 }),
  salesTotalMinor: fc.integer({ min: -1e6, max: 1e6 }),
  salesTaxMinor: fc.integer({ min: -1e5, max: 1e5 }),
  refundsCount: fc.integer({ min: 0, max: 1 }),
  refundsTotalMinor: fc.integer({ min: 0, max: 1e6 }),
});

const doc: fc.Arbitrary<IngestDocument> = fc
  .record({
    storeId: fc.constantFrom('s1', 's2', 's10'),
    terminalId: fc.constantFrom('t1', 't2'),
    stock: fc.array(
      fc.record({
        productId: fc.constantFrom('P1', 'P2', 'P10', 'p1', '商品'),
        delta: fc.integer({ min: -50, max: 50 }),
      }),
      { maxLength: 6 },
    ),
    totals: fc.option(totalsDelta),
    loyalty: fc.option(
      fc.record({
        customerId: fc.constantFrom('C1', 'C2', 'C10', 'c1', '会员'),
        points: fc.integer({ min: 1, max: 1e6 }),
      }),
    ),
  })
  .map(({ storeId, terminalId, stock, totals, loyalty }) => ({
    id: 'x',
    type: 'sale',
    storeId,
    terminalId,
    sequence: 1,
    createdAt: '2026-11-24T10:00:00+08:00',
    json: '{}',
    contentHash: '',
    effects: { stock, totals, loyalty },
  }));

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('aggregateEffects', () => {
  it('sums stock per (store, product), totals per (store, terminal, day, currency) and points per member, in key order', () => {
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 30 }), (docs) => {
        const { stock, totals, loyalty } = aggregateEffects(docs);
        const pointSums = new Map<string, number>();
        for (const d of docs) {
          const l = d.effects.loyalty;
          if (l) pointSums.set(l.customerId, (pointSums.get(l.customerId) ?? 0) + l.points);
        }
        expect(new Map(loyalty.map((l) => [l.customerId, l.points]))).toEqual(pointSums);
        expect(loyalty).toHaveLength(pointSums.size);
        const members = loyalty.map((l) => l.customerId);
        expect(members).toEqual([...members].sort(byText));
        // The same sums, worked out the plain way.
        const stockSums = new Map<string, number>();
        const totalsSums = new Map<string, number[]>();
        for (const d of docs) {
          for (const s of d.effects.stock) {
            const k = JSON.stringify([d.storeId, s.productId]);
            stockSums.set(k, (stockSums.get(k) ?? 0) + s.delta);
          }
          const t = d.effects.totals;
          if (!t) continue;
          const k = JSON.stringify([d.storeId, d.terminalId, t.day, t.currency]);
          const figures = [
            t.salesCount,
            t.salesTotalMinor,
            t.salesTaxMinor,
            t.refundsCount,
            t.refundsTotalMinor,
          ];
          const sum = totalsSums.get(k) ?? [0, 0, 0, 0, 0];
          totalsSums.set(
            k,
            sum.map((v, i) => v + (figures[i] as number)),
          );
        }
        expect(
          new Map(stock.map((s) => [JSON.stringify([s.storeId, s.productId]), s.delta])),
        ).toEqual(stockSums);
        expect(stock).toHaveLength(stockSums.size);
        expect(
          new Map(
            totals.map((t) => [
              JSON.stringify([t.storeId, t.terminalId, t.day, t.currency]),
              [
                t.salesCount,
                t.salesTotalMinor,
                t.salesTaxMinor,
                t.refundsCount,
                t.refundsTotalMinor,
              ],
            ]),
          ),
        ).toEqual(totalsSums);
        expect(totals).toHaveLength(totalsSums.size);
        // Sorted by key, so concurrent pushes lock rows in one order.
        const stockKeys = stock.map((s) => [s.storeId, s.productId]);
        expect(stockKeys).toEqual(
          [...stockKeys].sort(
            (a, b) =>
              byText(a[0] as string, b[0] as string) || byText(a[1] as string, b[1] as string),
          ),
        );
        const totalsKeys = totals.map((t) =>
          [t.storeId, t.terminalId, t.day, t.currency].join('\u0000'),
        );
        expect(totalsKeys).toEqual([...totalsKeys].sort(byText));
      }),
      { numRuns: 500 },
    );
  });

  it('does not change the documents it is given', () => {
    const d = (delta: number): IngestDocument => ({
      id: 'x',
      type: 'sale',
      storeId: 's',
      terminalId: 't',
      sequence: 1,
      createdAt: '',
      json: '',
      contentHash: '',
      effects: {
        stock: [{ productId: 'P1', delta }],
        totals: {
          day: '2026-11-24',
          currency: 'CNY',
          salesCount: 1,
          salesTotalMinor: delta,
          salesTaxMinor: 0,
          refundsCount: 0,
          refundsTotalMinor: 0,
        },
        loyalty: { customerId: 'C1', points: -delta },
      },
    });
    const docs = [d(-2), d(-3)];
    const before = structuredClone(docs);
    const { stock, totals, loyalty } = aggregateEffects(docs);
    expect(stock).toEqual([{ storeId: 's', productId: 'P1', delta: -5 }]);
    expect(totals[0]).toMatchObject({ salesCount: 2, salesTotalMinor: -5 });
    expect(loyalty).toEqual([{ customerId: 'C1', points: 5 }]);
    expect(docs).toEqual(before);
  });
});
