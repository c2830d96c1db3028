import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addProduct,
  computeTotals,
  emptyCart,
  setLineDiscount,
  setOrderDiscount,
  type Cart,
  type CartTotals,
  type PricingSettings,
} from './cart';
import { formatMoney } from './money';
import { ROUNDING_MODES } from './rounding';
import { taxOfAmount, type TaxRate } from './tax';
import { arbCart, arbSettings } from './test-arbitraries';
import { product, settings } from './test-fixtures';

/** What a scenario expects, all in minor units, written out by hand. */
interface Expected {
  lines: {
    gross: number;
    lineDiscount: number;
    orderDiscount: number;
    tax: number;
    net: number;
    total: number;
  }[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  taxSummary: [taxRateId: string, net: number, tax: number, gross: number][];
}

function check(t: CartTotals, e: Expected): void {
  expect(
    t.lines.map(({ gross, lineDiscount, orderDiscount, tax, net, total }) => ({
      gross,
      lineDiscount,
      orderDiscount,
      tax,
      net,
      total,
    })),
  ).toEqual(e.lines);
  expect([t.subtotal, t.discountTotal, t.taxTotal, t.total]).toEqual([
    e.subtotal,
    e.discountTotal,
    e.taxTotal,
    e.total,
  ]);
  expect(t.taxSummary.map((r) => [r.taxRateId, r.net, r.tax, r.gross])).toEqual(e.taxSummary);
}

const line = (gross: number, tax: number, total = gross, lineDiscount = 0, orderDiscount = 0) => ({
  gross,
  lineDiscount,
  orderDiscount,
  tax,
  net: total - tax,
  total,
});

// Cola ¥3.50 × 3 at 13 %, rice ¥25.90 at 9 %, apples ¥12.80/kg × 1.255 kg at 9 %.
// Apples: 1280 × 1255 / 1000 = 1606.4 → 1606.
function chinaBasket(): Cart {
  let cart = addProduct(emptyCart('CNY'), product('cola', 350, 'vat13'), {
    lineId: 'a',
    quantity: 3,
  });
  cart = addProduct(cart, product('rice', 2590, 'vat9'), { lineId: 'b' });
  return addProduct(cart, product('apple', 1280, 'vat9', { unit: 'kg' }), {
    lineId: 'c',
    quantity: 1255,
  });
}

// US-style store, one 10 % rate: 3 × $0.35 = 105, $2.55, $0.05 — every line tax is an exact half
// (10.5, 25.5, 0.5) and so is the receipt's (36.5).
const SALES10: TaxRate = { id: 'sales10', name: 'Sales tax 10 %', rateBasisPoints: 1000 };
function halvesBasket(): Cart {
  let cart = addProduct(emptyCart('USD'), product('a', 35, 'sales10', { currency: 'USD' }), {
    lineId: 'a',
    quantity: 3,
  });
  cart = addProduct(cart, product('b', 255, 'sales10', { currency: 'USD' }), { lineId: 'b' });
  return addProduct(cart, product('c', 5, 'sales10', { currency: 'USD' }), { lineId: 'c' });
}
const exclusive10 = (over: Partial<PricingSettings>): PricingSettings =>
  settings({ taxMode: 'exclusive', taxRates: [SALES10], ...over });

describe('computeTotals scenario grid', () => {
  it('inclusive, per_line, HALF_UP, 13% + 9%: each line tax rounded alone', () => {
    // 1050×1300/11300 = 120.80 → 121; 2590×900/10900 = 213.85 → 214; 1606×900/10900 = 132.61 → 133.
    check(computeTotals(chinaBasket(), settings()), {
      lines: [line(1050, 121), line(2590, 214), line(1606, 133)],
      subtotal: 5246,
      discountTotal: 0,
      taxTotal: 468,
      total: 5246,
      taxSummary: [
        ['vat13', 929, 121, 1050],
        ['vat9', 3849, 347, 4196],
      ],
    });
  });

  it('inclusive, per_receipt, HALF_UP, 13% + 9%: 9 % rounded once and handed back by largest remainder', () => {
    // 9 %: 4196×900/10900 = 346.46 → 346; shares 346×2590/4196 = 213.57, 346×1606/4196 = 132.43
    // → 213 + 132 = 345, the spare unit to the larger remainder (.57) → 214, 132.
    check(computeTotals(chinaBasket(), settings({ taxRounding: 'per_receipt' })), {
      lines: [line(1050, 121), line(2590, 214), line(1606, 132)],
      subtotal: 5246,
      discountTotal: 0,
      taxTotal: 467,
      total: 5246,
      taxSummary: [
        ['vat13', 929, 121, 1050],
        ['vat9', 3850, 346, 4196],
      ],
    });
  });

  it('exclusive, per_line, HALF_EVEN: halves 10.5, 25.5, 0.5 go to 10, 26, 0', () => {
    check(computeTotals(halvesBasket(), exclusive10({ roundingMode: 'HALF_EVEN' })), {
      lines: [line(105, 10, 115), line(255, 26, 281), line(5, 0, 5)],
      subtotal: 365,
      discountTotal: 0,
      taxTotal: 36,
      total: 401,
      taxSummary: [['sales10', 365, 36, 401]],
    });
  });

  it('exclusive, per_receipt, HALF_EVEN: 36.5 → 36, shared 10.36/25.15/0.49 → 10, 25, 1', () => {
    check(
      computeTotals(
        halvesBasket(),
        exclusive10({ roundingMode: 'HALF_EVEN', taxRounding: 'per_receipt' }),
      ),
      {
        lines: [line(105, 10, 115), line(255, 25, 280), line(5, 1, 6)],
        subtotal: 365,
        discountTotal: 0,
        taxTotal: 36,
        total: 401,
        taxSummary: [['sales10', 365, 36, 401]],
      },
    );
  });

  it('exclusive, per_line, HALF_UP: every half rounds up to 11, 26, 1', () => {
    check(computeTotals(halvesBasket(), exclusive10({})), {
      lines: [line(105, 11, 116), line(255, 26, 281), line(5, 1, 6)],
      subtotal: 365,
      discountTotal: 0,
      taxTotal: 38,
      total: 403,
      taxSummary: [['sales10', 365, 38, 403]],
    });
  });

  it('exclusive, per_receipt, HALF_UP: 36.5 → 37, shared 10.64/25.85/0.51 → 11, 26, 0', () => {
    check(computeTotals(halvesBasket(), exclusive10({ taxRounding: 'per_receipt' })), {
      lines: [line(105, 11, 116), line(255, 26, 281), line(5, 0, 5)],
      subtotal: 365,
      discountTotal: 0,
      taxTotal: 37,
      total: 402,
      taxSummary: [['sales10', 365, 37, 402]],
    });
  });

  it('order discount 10% over 3 lines: 333 spread 100/200/33 and lines sum to the total', () => {
    let cart = addProduct(emptyCart('CNY'), product('p1', 1000, 'vat13'), { lineId: 'a' });
    cart = addProduct(cart, product('p2', 2000, 'vat13'), { lineId: 'b' });
    cart = addProduct(cart, product('p3', 333, 'vat13'), { lineId: 'c' });
    cart = setOrderDiscount(cart, { kind: 'percent', basisPoints: 1000 });
    // 10 % of 3333 = 333.3 → 333; shares 99.91, 199.82, 33.27 → 99+199+33 = 331,
    // two spare units to .91 and .82 → 100, 200, 33. Taxes at 13 %: 900 → 103.54 → 104,
    // 1800 → 207.08 → 207, 300 → 34.51 → 35.
    check(computeTotals(cart, settings()), {
      lines: [
        line(1000, 104, 900, 0, 100),
        line(2000, 207, 1800, 0, 200),
        line(333, 35, 300, 0, 33),
      ],
      subtotal: 3333,
      discountTotal: 333,
      taxTotal: 346,
      total: 3000,
      taxSummary: [['vat13', 2654, 346, 3000]],
    });
  });

  it('line discounts 15 %, ¥1.00 and 10 % of ¥1.25 with HALF_EVEN', () => {
    let cart = addProduct(emptyCart('CNY'), product('tea', 1250, 'vat13'), {
      lineId: 'a',
      quantity: 2,
    });
    cart = addProduct(cart, product('soap', 999, 'vat13'), { lineId: 'b' });
    cart = addProduct(cart, product('stamp', 125, 'zero'), { lineId: 'c' });
    cart = setLineDiscount(cart, 'a', { kind: 'percent', basisPoints: 1500 });
    cart = setLineDiscount(cart, 'b', { kind: 'amount', minor: 100 });
    cart = setLineDiscount(cart, 'c', { kind: 'percent', basisPoints: 1000 });
    // a: 2500 × 15 % = 375 → 2125, tax 2125×13/113 = 244.47 → 244.
    // b: 999 − 100 = 899, tax 103.42 → 103.  c: 12.5 → 12 (even) → 113, no tax.
    check(computeTotals(cart, settings({ roundingMode: 'HALF_EVEN' })), {
      lines: [line(2500, 244, 2125, 375), line(999, 103, 899, 100), line(125, 0, 113, 12)],
      subtotal: 3624,
      discountTotal: 487,
      taxTotal: 347,
      total: 3137,
      taxSummary: [
        ['vat13', 2677, 347, 3024],
        ['zero', 113, 0, 113],
      ],
    });
  });

  it('weighed item: ¥12.90/kg × 250 g = 322.5 → 323 HALF_UP, 322 HALF_EVEN and DOWN, 323 UP', () => {
    const cart = addProduct(emptyCart('CNY'), product('pork', 1290, 'zero', { unit: 'kg' }), {
      lineId: 'a',
      quantity: 250,
    });
    const totalBy = ROUNDING_MODES.map(
      (m) => computeTotals(cart, settings({ roundingMode: m })).total,
    );
    expect(Object.fromEntries(ROUNDING_MODES.map((m, i) => [m, totalBy[i]]))).toEqual({
      HALF_UP: 323,
      HALF_EVEN: 322,
      HALF_DOWN: 322,
      UP: 323,
      DOWN: 322,
    });
  });

  it('JPY 0 decimals: inclusive 10 %, a ¥100 order discount split 55/45', () => {
    const JP10: TaxRate = { id: 'jp10', name: '消費税 10%', rateBasisPoints: 1000 };
    let cart = addProduct(emptyCart('JPY'), product('bento', 1080, 'jp10', { currency: 'JPY' }), {
      lineId: 'a',
    });
    cart = addProduct(cart, product('tea', 298, 'jp10', { currency: 'JPY' }), {
      lineId: 'b',
      quantity: 3,
    });
    cart = setOrderDiscount(cart, { kind: 'amount', minor: 100 });
    // 100 × 1080/1974 = 54.71, 100 × 894/1974 = 45.29 → 54 + 45, spare unit to .71 → 55, 45.
    // Tax 1025/11 = 93.18 → 93; 849/11 = 77.18 → 77.
    const t = computeTotals(cart, settings({ taxRates: [JP10] }));
    check(t, {
      lines: [line(1080, 93, 1025, 0, 55), line(894, 77, 849, 0, 45)],
      subtotal: 1974,
      discountTotal: 100,
      taxTotal: 170,
      total: 1874,
      taxSummary: [['jp10', 1704, 170, 1874]],
    });
    expect(formatMoney({ minor: t.total, currency: 'JPY' })).toBe('JP¥1,874');
  });

  it('KWD 3 decimals: exclusive 5 %, weighed dates and a counted item', () => {
    const KW5: TaxRate = { id: 'kw5', name: 'VAT 5 %', rateBasisPoints: 500 };
    let cart = addProduct(
      emptyCart('KWD'),
      product('dates', 2345, 'kw5', { currency: 'KWD', unit: 'kg' }),
      {
        lineId: 'a',
        quantity: 750,
      },
    );
    cart = addProduct(cart, product('water', 125, 'kw5', { currency: 'KWD' }), { lineId: 'b' });
    // dates 2345 × 750/1000 = 1758.75 → 1759, tax 87.95 → 88; water 125, tax 6.25 → 6.
    const t = computeTotals(cart, settings({ taxMode: 'exclusive', taxRates: [KW5] }));
    check(t, {
      lines: [line(1759, 88, 1847), line(125, 6, 131)],
      subtotal: 1884,
      discountTotal: 0,
      taxTotal: 94,
      total: 1978,
      taxSummary: [['kw5', 1884, 94, 1978]],
    });
    expect(formatMoney({ minor: t.total, currency: 'KWD' }, 'en-US')).toMatch(/^KWD\s1\.978$/);
  });

  it('a 100 % order discount makes a zero sale with zero tax', () => {
    const cart = setOrderDiscount(chinaBasket(), { kind: 'percent', basisPoints: 10000 });
    const t = computeTotals(cart, settings({ taxRounding: 'per_receipt' }));
    expect([t.total, t.taxTotal, t.discountTotal]).toEqual([0, 0, 5246]);
    expect(t.lines.every((l) => l.total === 0 && l.tax === 0)).toBe(true);
  });

  it('voided lines are left out of every figure', () => {
    let cart = chinaBasket();
    cart = {
      ...cart,
      lines: cart.lines.map((l) => (l.lineId === 'b' ? { ...l, voided: true } : l)),
    };
    const t = computeTotals(cart, settings());
    expect(t.lines.map((l) => l.lineId)).toEqual(['a', 'c']);
    expect(t.total).toBe(1050 + 1606);
  });
});

describe('computeTotals properties', () => {
  it('ties to the minor unit: lines sum to the total, summary tax to taxTotal, net + tax = gross', () => {
    fc.assert(
      fc.property(arbCart, arbSettings, (cart, s) => {
        const t = computeTotals(cart, s);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(t.lines.map((l) => l.total))).toBe(t.total);
        expect(sum(t.lines.map((l) => l.tax))).toBe(t.taxTotal);
        expect(sum(t.taxSummary.map((r) => r.tax))).toBe(t.taxTotal);
        expect(sum(t.taxSummary.map((r) => r.gross))).toBe(t.total);
        for (const r of t.taxSummary) expect(r.net + r.tax).toBe(r.gross);
        for (const l of t.lines) {
          expect(l.net + l.tax).toBe(l.total);
          expect(l.total).toBeGreaterThanOrEqual(0);
          expect(l.tax).toBeGreaterThanOrEqual(0);
          const afterDiscounts = l.gross - l.lineDiscount - l.orderDiscount;
          expect(afterDiscounts).toBeGreaterThanOrEqual(0);
          expect(s.taxMode === 'inclusive' ? l.total : l.net).toBe(afterDiscounts);
        }
        expect(t.subtotal - t.discountTotal + (s.taxMode === 'exclusive' ? t.taxTotal : 0)).toBe(
          t.total,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('per_receipt rounds each rate once; per_line keeps each line tax within rounding of exact', () => {
    fc.assert(
      fc.property(arbCart, arbSettings, (cart, s) => {
        const t = computeTotals(cart, s);
        const rateOf = new Map(cart.lines.map((l) => [l.lineId, l.taxRateId]));
        for (const row of t.taxSummary) {
          const lines = t.lines.filter((l) => rateOf.get(l.lineId) === row.taxRateId);
          const base = lines.reduce((a, l) => a + (s.taxMode === 'inclusive' ? l.total : l.net), 0);
          if (s.taxRounding === 'per_receipt') {
            expect(row.tax).toBe(taxOfAmount(base, row.rateBasisPoints, s.taxMode, s.roundingMode));
          } else {
            for (const l of lines) {
              const b = s.taxMode === 'inclusive' ? l.total : l.net;
              const d = s.taxMode === 'inclusive' ? 10_000 + row.rateBasisPoints : 10_000;
              // |tax·d − b·r| < d  ⇔  |tax − exact| < 1
              expect(Math.abs(l.tax * d - b * row.rateBasisPoints)).toBeLessThan(d);
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('spreads the order discount so the shares add up to it, each within 1 of its proportion', () => {
    fc.assert(
      fc.property(arbCart, arbSettings, (cart, s) => {
        const t = computeTotals(cart, s);
        const orderOff = t.lines.reduce((a, l) => a + l.orderDiscount, 0);
        const bases = t.lines.map((l) => l.gross - l.lineDiscount);
        const sumBase = bases.reduce((a, b) => a + b, 0);
        if (cart.orderDiscount === null) expect(orderOff).toBe(0);
        if (cart.orderDiscount?.kind === 'amount') expect(orderOff).toBe(cart.orderDiscount.minor);
        if (sumBase > 0) {
          t.lines.forEach((l, i) => {
            const diff =
              BigInt(l.orderDiscount) * BigInt(sumBase) - BigInt(orderOff) * BigInt(bases[i] ?? 0);
            expect(diff < 0n ? -diff : diff).toBeLessThan(BigInt(sumBase));
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
