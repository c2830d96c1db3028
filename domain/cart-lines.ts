import type { CurrencyCode } from './currency';
import { formatMoney, MoneyError, normaliseDigits, toMinor, type Minor } from './money';
import { GRAMS_PER_KG, type Product, type SaleUnit } from './product';
import { mulDivRounded, type RoundingMode } from './rounding';
import { BASIS_POINTS, type TaxMode, type TaxRate, type TaxRounding } from './tax';

/** A discount: `basisPoints` of the amount (1000 = 10 %), or a fixed `minor` amount. */
export type Discount = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; minor: number };

export interface CartLine {
  lineId: string;
  productId: string;
  sku: string;
  name: string;
  nameEn: string;
  barcode: string | null;
  unit: SaleUnit;
  /** 'each': integer count >= 1; 'kg': grams >= 1. */
  quantity: number;
  /** Minor units per item, or per kg for 'kg'. */
  unitPriceMinor: number;
  taxRateId: string;
  discount: Discount | null;
  /** A voided line stays on the cart (the receipt and audit show it) but is not priced. */
  voided: boolean;
}

export interface Cart {
  currency: CurrencyCode;
  lines: CartLine[];
  orderDiscount: Discount | null;
}

export interface PricingSettings {
  taxMode: TaxMode;
  taxRounding: TaxRounding;
  roundingMode: RoundingMode;
  taxRates: readonly TaxRate[];
}

/** Thrown for an impossible cart change; the message is fit to show the cashier. */
export class CartError extends Error {
  override name = 'CartError';
}

/** A cart with no lines and no discount. */
export function emptyCart(currency: CurrencyCode): Cart {
  return { currency, lines: [], orderDiscount: null };
}

function assertQuantity(quantity: number, unit: SaleUnit): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new CartError(
      unit === 'kg'
        ? `Weight must be a whole number of grams of at least 1, got ${quantity}`
        : `Quantity must be a whole number of at least 1, got ${quantity}`,
    );
  }
}

function assertDiscountShape(d: Discount): void {
  if (d.kind === 'percent') {
    if (!Number.isSafeInteger(d.basisPoints) || d.basisPoints < 0 || d.basisPoints > BASIS_POINTS) {
      throw new CartError('A percentage discount must be between 0 % and 100 %');
    }
  } else if (d.kind === 'amount') {
    if (!Number.isSafeInteger(d.minor) || d.minor < 0) {
      throw new CartError('A discount amount must be a whole, non-negative number of minor units');
    }
  } else {
    throw new CartError('Unknown discount kind');
  }
}

/**
 * Price of a line before any discount, in minor units: unit price × count, or
 * for 'kg' lines price-per-kg × grams / 1000 rounded by `mode`.
 */
export function lineGross(line: CartLine, mode: RoundingMode): Minor {
  try {
    if (line.unit === 'kg') {
      return toMinor(mulDivRounded(line.unitPriceMinor, line.quantity, GRAMS_PER_KG, mode));
    }
    return toMinor(line.unitPriceMinor * line.quantity);
  } catch (err) {
    if (err instanceof MoneyError || err instanceof RangeError) {
      throw new CartError(`The price of ${line.name} is too large to sell`);
    }
    throw err;
  }
}

/** Amount of discount `d` on `base` minor units; an amount larger than `base` is a CartError. */
export function discountAmount(
  base: number,
  d: Discount | null,
  mode: RoundingMode,
  currency: CurrencyCode,
  what: string,
): Minor {
  if (d === null) return toMinor(0);
  assertDiscountShape(d);
  if (d.kind === 'percent') return toMinor(mulDivRounded(base, d.basisPoints, BASIS_POINTS, mode));
  if (d.minor > base) {
    throw new CartError(
      `The discount ${formatMoney({ minor: toMinor(d.minor), currency })} is more than ${what} ${formatMoney({ minor: toMinor(base), currency })}`,
    );
  }
  return toMinor(d.minor);
}

/**
 * Checks every discount still fits under every rounding mode (gross rounded
 * down, percentages rounded up), so that computeTotals never meets a discount
 * bigger than what it discounts. Cart functions call it after each change.
 */
function assertDiscountsFit(cart: Cart): void {
  let remaining = 0;
  for (const line of cart.lines) {
    if (line.voided) continue;
    const gross = lineGross(line, 'DOWN');
    const off = discountAmount(gross, line.discount, 'UP', cart.currency, `the line ${line.name}`);
    remaining += gross - off;
  }
  discountAmount(remaining, cart.orderDiscount, 'UP', cart.currency, 'the order');
}

function findLine(cart: Cart, lineId: string): CartLine {
  const line = cart.lines.find((l) => l.lineId === lineId);
  if (line === undefined) throw new CartError(`Line ${lineId} is not on this sale`);
  return line;
}

function replaceLine(cart: Cart, lineId: string, change: Partial<CartLine>): Cart {
  const next: Cart = {
    ...cart,
    lines: cart.lines.map((l) => (l.lineId === lineId ? { ...l, ...change } : l)),
  };
  assertDiscountsFit(next);
  return next;
}

/**
 * Ring up a product. An 'each' product already on an unvoided, undiscounted
 * line at the same price gets its quantity raised (the line keeps its id);
 * anything else opens a new line with `opts.lineId`. `quantity` defaults to 1
 * for 'each'; a 'kg' product needs its weight in grams.
 */
export function addProduct(
  cart: Cart,
  product: Product,
  opts: { lineId: string; quantity?: number; barcode?: string | null },
): Cart {
  if (product.currency !== cart.currency) {
    throw new CartError(
      `${product.name} is priced in ${product.currency} but this sale is in ${cart.currency}`,
    );
  }
  if (!Number.isSafeInteger(product.priceMinor) || product.priceMinor < 0) {
    throw new CartError(`${product.name} has no valid price`);
  }
  if (product.unit === 'kg' && opts.quantity === undefined) {
    throw new CartError(`Enter the weight of ${product.name} in grams`);
  }
  const quantity = opts.quantity ?? 1;
  assertQuantity(quantity, product.unit);
  if (product.unit === 'each') {
    const existing = cart.lines.find(
      (l) =>
        l.productId === product.id &&
        !l.voided &&
        l.discount === null &&
        l.unit === 'each' &&
        l.unitPriceMinor === product.priceMinor,
    );
    if (existing !== undefined) {
      const total = existing.quantity + quantity;
      assertQuantity(total, 'each');
      return replaceLine(cart, existing.lineId, { quantity: total });
    }
  }
  if (cart.lines.some((l) => l.lineId === opts.lineId)) {
    throw new CartError(`Line id ${opts.lineId} is already used on this sale`);
  }
  const line: CartLine = {
    lineId: opts.lineId,
    productId: product.id,
    sku: product.sku,
    name: product.name,
    nameEn: product.nameEn,
    barcode: opts.barcode ?? null,
    unit: product.unit,
    quantity,
    unitPriceMinor: product.priceMinor,
    taxRateId: product.taxRateId,
    discount: null,
    voided: false,
  };
  const next: Cart = { ...cart, lines: [...cart.lines, line] };
  assertDiscountsFit(next);
  return next;
}

/** Set a line's quantity (count, or grams for 'kg'); a voided line cannot change. */
export function setQuantity(cart: Cart, lineId: string, quantity: number): Cart {
  const line = findLine(cart, lineId);
  if (line.voided) throw new CartError(`${line.name} is voided and cannot change`);
  assertQuantity(quantity, line.unit);
  return replaceLine(cart, lineId, { quantity });
}

/** Void a line: it stays on the cart, marked, and is no longer priced. Voiding twice is harmless. */
export function voidLine(cart: Cart, lineId: string): Cart {
  const line = findLine(cart, lineId);
  if (line.voided) return cart;
  return replaceLine(cart, lineId, { voided: true });
}

/** Set or clear (null) a line discount; an amount larger than the line is a CartError. */
export function setLineDiscount(cart: Cart, lineId: string, d: Discount | null): Cart {
  const line = findLine(cart, lineId);
  if (line.voided) throw new CartError(`${line.name} is voided and cannot be discounted`);
  if (d !== null) assertDiscountShape(d);
  return replaceLine(cart, lineId, { discount: d === null ? null : { ...d } });
}

/** Set or clear (null) the order discount; an amount larger than the order is a CartError. */
export function setOrderDiscount(cart: Cart, d: Discount | null): Cart {
  if (d !== null) assertDiscountShape(d);
  const next: Cart = { ...cart, orderDiscount: d === null ? null : { ...d } };
  assertDiscountsFit(next);
  return next;
}

/**
 * Parse a typed quantity. 'each': a whole count >= 1 ("3" → 3). 'kg': a weight
 * in kilograms with up to 3 decimals, returned in grams ("0.255" → 255).
 * Full-width digits are accepted. Throws CartError with a cashier-readable message.
 */
export function parseQuantity(text: string, unit: SaleUnit): number {
  const s = normaliseDigits(String(text)).trim();
  if (unit === 'each') {
    if (!/^\d+$/.test(s)) throw new CartError('Quantity must be a whole number of at least 1');
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new CartError('Quantity must be a whole number of at least 1');
    }
    return n;
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (s === '' || match === null || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new CartError('Weight must be in kilograms, such as 0.255');
  }
  const [, whole = '', frac = ''] = match;
  if (frac.length > 3) throw new CartError('Weight can have at most 3 decimals (whole grams)');
  const grams = Number(`${whole === '' ? '0' : whole}${frac.padEnd(3, '0')}`);
  if (!Number.isSafeInteger(grams) || grams < 1) {
    throw new CartError('Weight must be at least 0.001 kg (1 gram)');
  }
  return grams;
}
