// Turn what the cashier typed in the discount dialog into a domain Discount. Only
// parsing lives here; whether a discount is allowed (≤ 100 %, ≤ the line) is decided by
// domain setLineDiscount / setOrderDiscount, which throw CartError with the reason.
import { normaliseDigits, parseMoney, type CurrencyCode, type Discount } from '../../domain';

export type DiscountKind = Discount['kind'];

/** "10" → 1000 basis points; "12.5" → 1250. Exact: no floating point. */
export function parsePercentText(text: string): number {
  const s = normaliseDigits(text).trim().replace(/%$/u, '').trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/u.exec(s);
  if (m === null)
    throw new Error(`"${text}" is not a percentage; type a number such as 10 or 12.5`);
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const basisPoints = whole * 100 + frac;
  if (basisPoints <= 0 || basisPoints > 10_000) {
    throw new Error('A percentage discount must be more than 0 and at most 100');
  }
  return basisPoints;
}

export function parseDiscountText(
  kind: DiscountKind,
  text: string,
  currency: CurrencyCode,
): Discount {
  if (kind === 'percent') return { kind, basisPoints: parsePercentText(text) };
  const amount = parseMoney(text, currency);
  if (amount.minor <= 0) throw new Error('A discount amount must be more than zero');
  return { kind, minor: amount.minor };
}
