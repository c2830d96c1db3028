// fast-check arbitraries for random carts and pricing settings, shared by the
// domain property tests. Amount discounts are drawn as a fraction of what they
// discount, so every generated cart can be priced under every rounding mode.
import fc from 'fast-check';
import { discountAmount, lineGross, type Cart, type CartLine, type Discount } from './cart';
import { ROUNDING_MODES } from './rounding';
import type { TaxRate } from './tax';
import { VAT13, VAT9, ZERO } from './test-fixtures';

export const RATES: TaxRate[] = [
  VAT13,
  VAT9,
  ZERO,
  { id: 'high', name: 'high', rateBasisPoints: 2500 },
];

const arbDiscountSpec = fc.oneof(
  fc.constant(null),
  fc.record({
    kind: fc.constant('percent' as const),
    basisPoints: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({ kind: fc.constant('ratio' as const), perMille: fc.integer({ min: 0, max: 1000 }) }),
);
type DiscountSpec =
  { kind: 'percent'; basisPoints: number } | { kind: 'ratio'; perMille: number } | null;

/** An amount discount as a fraction of `base`, so it always fits; percent as is. */
function toDiscount(spec: DiscountSpec, base: number): Discount | null {
  if (spec === null || spec.kind === 'percent') return spec;
  return { kind: 'amount', minor: Math.floor((base * spec.perMille) / 1000) };
}

const arbLine = fc.record({
  unit: fc.constantFrom('each' as const, 'kg' as const),
  price: fc.integer({ min: 0, max: 5_000_000 }),
  count: fc.integer({ min: 1, max: 200 }),
  grams: fc.integer({ min: 1, max: 50_000 }),
  rate: fc.constantFrom(...RATES.map((r) => r.id)),
  discount: arbDiscountSpec,
  voided: fc.boolean(),
});

export const arbCart = fc
  .record({ lines: fc.array(arbLine, { maxLength: 12 }), order: arbDiscountSpec })
  .map(({ lines, order }) => {
    const cartLines: CartLine[] = lines.map((l, i) => {
      const base: CartLine = {
        lineId: `l${i}`,
        productId: `p${i}`,
        sku: `s${i}`,
        name: `n${i}`,
        nameEn: `n${i}`,
        barcode: null,
        unit: l.unit,
        quantity: l.unit === 'kg' ? l.grams : l.count,
        unitPriceMinor: l.price,
        taxRateId: l.rate,
        discount: null,
        voided: l.voided,
      };
      return { ...base, discount: toDiscount(l.discount, lineGross(base, 'DOWN')) };
    });
    // The smallest the order can be under any rounding mode, so an amount always fits.
    const floor = cartLines
      .filter((l) => !l.voided)
      .reduce((sum, l) => {
        const g = lineGross(l, 'DOWN');
        return sum + g - discountAmount(g, l.discount, 'UP', 'CNY', 'line');
      }, 0);
    const cart: Cart = {
      currency: 'CNY',
      lines: cartLines,
      orderDiscount: toDiscount(order, floor),
    };
    return cart;
  });

export const arbSettings = fc.record({
  taxMode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
  taxRounding: fc.constantFrom('per_line' as const, 'per_receipt' as const),
  roundingMode: fc.constantFrom(...ROUNDING_MODES),
  taxRates: fc.constant(RATES),
});
