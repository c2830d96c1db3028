import {
  CartError,
  discountAmount,
  lineGross,
  type Cart,
  type CartLine,
  type PricingSettings,
} from './cart-lines';
import type { CurrencyCode } from './currency';
import { toMinor, type Minor } from './money';
import { allocateLargestRemainder } from './rounding';
import { taxesOfAmounts, type TaxRate, type TaxSummaryRow } from './tax';

/**
 * The priced figures of one unvoided line, all in minor units:
 * - gross: price × quantity before any discount, in the store's price basis
 *   (tax-inclusive if taxMode is inclusive, net if exclusive).
 * - lineDiscount, orderDiscount: what each discount took off this line.
 * - total: what the customer pays for the line (inclusive: gross − discounts;
 *   exclusive: gross − discounts + tax).
 * - tax, net: total = net + tax.
 */
export interface LineTotals {
  lineId: string;
  gross: Minor;
  lineDiscount: Minor;
  orderDiscount: Minor;
  total: Minor;
  tax: Minor;
  net: Minor;
}

export interface CartTotals {
  currency: CurrencyCode;
  /** Voided lines excluded; cart order. */
  lines: LineTotals[];
  /** Sum of gross (before any discount), in the store's price basis. */
  subtotal: Minor;
  /** Line + order discounts. */
  discountTotal: Minor;
  taxTotal: Minor;
  /** What the customer pays; always the sum of the line totals. */
  total: Minor;
  /** One row per rate used, in settings.taxRates order; tax rows sum to taxTotal. */
  taxSummary: TaxSummaryRow[];
  /** Items on the sale: the count of 'each' lines plus one per weighed line. */
  itemCount: number;
}

/** A cart built by hand or read from the wire may break what the cart functions guarantee. */
function assertPriceable(line: CartLine): void {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    throw new CartError(`${line.name} has an invalid quantity ${String(line.quantity)}`);
  }
  if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor < 0) {
    throw new CartError(`${line.name} has an invalid price ${String(line.unitPriceMinor)}`);
  }
  if (line.unit !== 'each' && line.unit !== 'kg') {
    throw new CartError(`${line.name} has an unknown unit ${String(line.unit)}`);
  }
}

function findRate(settings: PricingSettings, line: CartLine): TaxRate {
  const rate = settings.taxRates.find((r) => r.id === line.taxRateId);
  if (rate === undefined) {
    throw new CartError(`Tax rate ${line.taxRateId} for ${line.name} is not configured`);
  }
  return rate;
}

/**
 * Price a cart. The same function runs on the till and at head office
 * (verifySaleTotals), so both ends agree to the minor unit.
 *
 * Order of operations, all integer minor units, every division rounded by
 * `settings.roundingMode`:
 * 1. gross per line: unit price × count; weighed ('kg') lines
 *    price-per-kg × grams / 1000.
 * 2. line discount: percent = gross × bp / 10000; an amount larger than the
 *    line is a CartError (a line never goes negative).
 * 3. order discount: percent of the sum of the discounted lines, or an
 *    amount (at most that sum); spread over the discounted lines by largest
 *    remainder in proportion to them, so the lines sum exactly to the total.
 * 4. tax on the discounted line amount with the line's rate r (basis points):
 *    - inclusive (China default): the amount is gross including tax;
 *      tax = amount × r / (10000 + r), net = amount − tax, line total = amount.
 *    - exclusive: the amount is net; tax = amount × r / 10000 is added on
 *      top, line total = net + tax.
 *    - per_line: each line's tax is rounded on its own; the receipt's tax is
 *      their sum.
 *    - per_receipt: per rate, the unrounded tax of the summed amounts is
 *      rounded once; that figure is allocated back to the lines by largest
 *      remainder (weights = line amounts) so the line taxes still sum to the
 *      rate's tax. per_receipt can differ from per_line by a few minor units.
 *
 * Invariants: total = Σ line totals; taxTotal = Σ line tax = Σ summary tax;
 * net + tax = gross on every summary row and total = net + tax on every line.
 * Throws CartError for a missing tax rate, a discount larger than its base, or
 * a line with an invalid quantity, price or unit (a cart not built by cart-lines).
 */
export function computeTotals(cart: Cart, settings: PricingSettings): CartTotals {
  const mode = settings.roundingMode;
  const lines = cart.lines.filter((l) => !l.voided);
  lines.forEach(assertPriceable);
  const rates = lines.map((l) => findRate(settings, l));

  const gross = lines.map((l) => lineGross(l, mode));
  const lineDiscounts = lines.map((l, i) =>
    discountAmount(gross[i] ?? 0, l.discount, mode, cart.currency, `the line ${l.name}`),
  );
  const afterLine = gross.map((g, i) => g - (lineDiscounts[i] ?? 0));
  const afterLineSum = afterLine.reduce((a, b) => a + b, 0);
  const orderOff = discountAmount(
    afterLineSum,
    cart.orderDiscount,
    mode,
    cart.currency,
    'the order',
  );
  const orderShares = lines.length === 0 ? [] : allocateLargestRemainder(orderOff, afterLine);
  const amounts = afterLine.map((a, i) => a - (orderShares[i] ?? 0));

  const taxes = taxesOfAmounts(
    lines.map((l, i) => ({
      amount: amounts[i] ?? 0,
      taxRateId: l.taxRateId,
      rateBasisPoints: (rates[i] as TaxRate).rateBasisPoints,
    })),
    settings.taxMode,
    settings.taxRounding,
    mode,
  );

  const lineTotals: LineTotals[] = lines.map((l, i) => {
    const amount = amounts[i] ?? 0;
    const tax = taxes[i] ?? 0;
    const inclusive = settings.taxMode === 'inclusive';
    return {
      lineId: l.lineId,
      gross: toMinor(gross[i] ?? 0),
      lineDiscount: toMinor(lineDiscounts[i] ?? 0),
      orderDiscount: toMinor(orderShares[i] ?? 0),
      total: toMinor(inclusive ? amount : amount + tax),
      tax: toMinor(tax),
      net: toMinor(inclusive ? amount - tax : amount),
    };
  });

  const taxSummary: TaxSummaryRow[] = [];
  for (const rate of settings.taxRates) {
    const idx = lines.map((l, i) => (l.taxRateId === rate.id ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0 || taxSummary.some((r) => r.taxRateId === rate.id)) continue;
    let net = 0;
    let tax = 0;
    for (const i of idx) {
      net += (lineTotals[i] as LineTotals).net;
      tax += (lineTotals[i] as LineTotals).tax;
    }
    taxSummary.push({
      taxRateId: rate.id,
      rateBasisPoints: rate.rateBasisPoints,
      net: toMinor(net),
      tax: toMinor(tax),
      gross: toMinor(net + tax),
    });
  }

  const sum = (pick: (t: LineTotals) => number): Minor =>
    toMinor(lineTotals.reduce((a, t) => a + pick(t), 0));
  return {
    currency: cart.currency,
    lines: lineTotals,
    subtotal: sum((t) => t.gross),
    discountTotal: sum((t) => t.lineDiscount + t.orderDiscount),
    taxTotal: sum((t) => t.tax),
    total: sum((t) => t.total),
    taxSummary,
    itemCount: lines.reduce((n, l) => n + (l.unit === 'kg' ? 1 : l.quantity), 0),
  };
}
