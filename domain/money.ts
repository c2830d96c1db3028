import { currencyExponent, type CurrencyCode } from './currency';

/**
 * An integer number of minor units (fen, cents, fils). Branded so that a bare
 * `number` (a float, a major-unit price) cannot be passed where money is meant;
 * build it only through {@link toMinor}. |x| <= 2^51 leaves headroom for sums.
 */
export type Minor = number & { readonly __brand: 'Minor' };

/** Largest magnitude a {@link Minor} may hold: 2^51 minor units. */
export const MAX_MINOR = 2 ** 51;

/** Thrown for invalid amounts; the message is fit to show a cashier or an import log. */
export class MoneyError extends Error {
  override name = 'MoneyError';
}

/** Checked constructor: throws MoneyError unless `n` is a safe integer with |n| <= 2^51. */
export function toMinor(n: number): Minor {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new MoneyError(`Amount ${String(n)} is not a whole number of minor units`);
  }
  if (Math.abs(n) > MAX_MINOR) {
    throw new MoneyError(`Amount ${n} minor units is beyond the supported limit of ±2^51`);
  }
  // Normalise -0 so that equality and JSON never see a negative zero.
  return (n === 0 ? 0 : n) as Minor;
}

export interface Money {
  readonly minor: Minor;
  readonly currency: CurrencyCode;
}

/** Checked constructor for a {@link Money}; `minor` is in the currency's minor units. */
export function money(minor: number, currency: CurrencyCode): Money {
  currencyExponent(currency); // throws on an unknown code
  return { minor: toMinor(minor), currency };
}

function assertSameCurrency(a: Money, b: Money, op: string): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(`Cannot ${op} ${a.currency} and ${b.currency} amounts`);
  }
}

/** a + b; throws MoneyError on a currency mismatch or overflow past 2^51. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'add');
  return { minor: toMinor(a.minor + b.minor), currency: a.currency };
}

/** a - b; throws MoneyError on a currency mismatch or overflow past 2^51. */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtract');
  return { minor: toMinor(a.minor - b.minor), currency: a.currency };
}

/** Sum of minor-unit amounts; each term and the result are checked. */
export function sumMinor(xs: readonly number[]): Minor {
  let total = 0;
  for (const x of xs) total = toMinor(total + toMinor(x));
  return toMinor(total);
}

/** Exact decimal string of a minor amount in major units ("1250", 2 → "12.50"). */
export function minorToDecimalString(minor: number, exponent: number): string {
  const m = toMinor(minor);
  const negative = m < 0;
  const digits = String(Math.abs(m)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, digits.length - exponent);
  const frac = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Format for display through Intl.NumberFormat with the currency's own number
 * of decimals: zh-CN CNY 1250 → "¥12.50", JPY 1200 → "JP¥1,200". The amount is
 * passed to Intl as an exact decimal string, so no float rounding can creep in.
 */
export function formatMoney(m: Money, locale = 'zh-CN'): string {
  const exponent = currencyExponent(m.currency);
  const key = `${locale}|${m.currency}`;
  let fmt = formatters.get(key);
  if (fmt === undefined) {
    fmt = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, fmt);
  }
  return fmt.format(minorToDecimalString(m.minor, exponent) as Intl.StringNumericLiteral);
}

/** Map full-width digits, point and minus (as typed with a Chinese IME) to ASCII. */
export function normaliseDigits(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-');
}

/**
 * Parse a typed amount in major units into minor units: "12" → 1200,
 * "12.5" → 1250, "12.50" → 1250 (CNY). Full-width digits are accepted.
 * Throws MoneyError with a message a cashier can act on for "", "abc",
 * "1.234" in a 2-decimal currency, and negatives unless `allowNegative`.
 */
export function parseMoney(
  text: string,
  currency: CurrencyCode,
  opts: { allowNegative?: boolean } = {},
): Money {
  const exponent = currencyExponent(currency);
  const s = normaliseDigits(String(text)).trim();
  if (s === '') throw new MoneyError('Enter an amount');
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new MoneyError(`"${s}" is not an amount; type digits such as 12.50`);
  }
  const [, sign = '', whole = '', frac = ''] = match;
  if (sign === '-' && opts.allowNegative !== true) {
    throw new MoneyError('The amount cannot be negative');
  }
  if (frac.length > exponent) {
    throw new MoneyError(
      exponent === 0
        ? `${currency} amounts have no decimals: "${s}"`
        : `"${s}" has more than ${exponent} decimals, too many for ${currency}`,
    );
  }
  const digits = `${whole === '' ? '0' : whole}${frac.padEnd(exponent, '0')}`;
  const big = BigInt(digits);
  if (big > BigInt(MAX_MINOR)) {
    throw new MoneyError(`"${s}" is too large an amount`);
  }
  const value = Number(big);
  return money(sign === '-' ? -value : value, currency);
}
