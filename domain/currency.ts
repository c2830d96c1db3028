/**
 * Currencies the till can price in, each with its ISO 4217 minor-unit exponent:
 * an amount of `minor` minor units is `minor / 10^exponent` major units
 * (CNY 12.50 = 1250 minor, JPY 1200 = 1200 minor, KWD 1.234 = 1234 minor).
 */
export type CurrencyCode = 'CNY' | 'USD' | 'EUR' | 'JPY' | 'KRW' | 'KWD' | 'BHD' | 'HKD';

export const CURRENCIES: Record<CurrencyCode, { exponent: 0 | 2 | 3 }> = {
  CNY: { exponent: 2 },
  USD: { exponent: 2 },
  EUR: { exponent: 2 },
  JPY: { exponent: 0 },
  KRW: { exponent: 0 },
  KWD: { exponent: 3 },
  BHD: { exponent: 3 },
  HKD: { exponent: 2 },
};

/** All supported currency codes, in a stable order (for pickers and schemas). */
export const CURRENCY_CODES = Object.keys(CURRENCIES) as CurrencyCode[];

/** True when `code` is one of the supported currency codes (for untrusted input). */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CURRENCIES, code);
}

/** Number of decimal digits in the currency's minor unit (CNY 2, JPY 0, KWD 3). */
export function currencyExponent(c: CurrencyCode): 0 | 2 | 3 {
  const entry = CURRENCIES[c];
  if (entry === undefined) throw new RangeError(`Unknown currency "${String(c)}"`);
  return entry.exponent;
}
