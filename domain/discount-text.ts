// Turn what the cashier typed for a discount into a Discount (beside parseQuantity:
// typed text to shop values is a shop rule, not a screen's). Whether a discount fits
// the line or sale is decided by setLineDiscount / setOrderDiscount.
import { CartError, type Discount } from './cart';
import type { CurrencyCode } from './currency';
import { normaliseDigits, parseMoney } from './money';

export type DiscountKind = Discount['kind'];

/** Typed percentage to basis points: "10" → 1000 basis points; "12.5" → 1250. Exact: no floating point. */
export function parsePercentText(text: string): number {
  const s = normaliseDigits(text).trim().replace(/%$/u, '').trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/u.exec(s);
  if (m === null)
    throw new CartError(`"${text}" is not a percentage; type a number such as 10 or 12.5`);
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const basisPoints = whole * 100 + frac;
  if (basisPoints <= 0 || basisPoints > 10_000) {
    throw new CartError('A percentage discount must be more than 0 and at most 100');
  }
  return basisPoints;
}

/** Typed discount of the given kind; throws CartError with a reason a cashier can act on. */
export function parseDiscountText(
  kind: DiscountKind,
  text: string,
  currency: CurrencyCode,
): Discount {
  if (kind === 'percent') return { kind, basisPoints: parsePercentText(text) };
  const amount = parseMoney(text, currency);
  if (amount.minor <= 0) throw new CartError('A discount amount must be more than zero');
  return { kind, minor: amount.minor };
}
