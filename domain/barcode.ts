/**
 * Barcodes the till reads: GTINs (EAN-13, EAN-8, UPC-A), in-store scale
 * labels for weighed goods, and customer payment codes (WeChat Pay, Alipay).
 */

/** GS1 check digit of a run of digits (without the check digit): weights 3,1,3,… from the right. */
export function gtinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`A GTIN body must be digits, got "${body}"`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Check digit of an EAN-13 from its first 12 digits; RangeError unless exactly 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) {
    throw new RangeError(`An EAN-13 check digit needs exactly 12 digits, got "${first12}"`);
  }
  return gtinCheckDigit(first12);
}

function hasValidCheckDigit(code: string): boolean {
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** True for 13 digits with a correct check digit. */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && hasValidCheckDigit(code);
}

/** True for an EAN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct check digit. */
export function isValidGtin(code: string): boolean {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code) && hasValidCheckDigit(code);
}

/**
 * The codes worth looking up ahead while `typed` is still arriving from a scanner:
 * `typed` itself, and for exactly 12 digits also the one EAN-13 it can become, since an
 * EAN-13's 13th digit is the check digit of the first 12. A scanner sends the check
 * digit a keystroke (~8 ms) after the 12th, so its lookup can start that much earlier.
 */
export function barcodeLookAheads(typed: string): string[] {
  return /^\d{12}$/.test(typed) ? [typed, `${typed}${gtinCheckDigit(typed)}`] : [typed];
}

/**
 * A scale label (EAN-13 in the restricted-circulation range 20–29), laid out
 * `2 F PPPPP WWWWW C`: the prefix '2', one flag digit F (the scale's label
 * format, any digit), a 5-digit PLU, the weight in grams (5 digits, up to
 * 99.999 kg) and the EAN-13 check digit. Null when the code is not a valid
 * scale label.
 */
export function parseScaleBarcode(code: string): { plu: string; grams: number } | null {
  if (!isValidEan13(code) || code[0] !== '2') return null;
  return { plu: code.slice(2, 7), grams: Number(code.slice(7, 12)) };
}

/** Build a scale label that {@link parseScaleBarcode} reads back (for demo data and tests). */
export function buildScaleBarcode(plu: string, grams: number, flag = 0): string {
  if (!/^\d{1,5}$/.test(plu)) throw new RangeError(`A PLU must be 1–5 digits, got "${plu}"`);
  if (!Number.isSafeInteger(grams) || grams < 0 || grams > 99_999) {
    throw new RangeError(`A scale weight must be 0–99999 grams, got ${grams}`);
  }
  if (!Number.isSafeInteger(flag) || flag < 0 || flag > 9) {
    throw new RangeError(`The scale flag must be one digit, got ${flag}`);
  }
  const body = `2${flag}${plu.padStart(5, '0')}${String(grams).padStart(5, '0')}`;
  return `${body}${ean13CheckDigit(body)}`;
}

/**
 * Which wallet a customer's payment code (付款码) belongs to, by the issuers'
 * published shapes: WeChat Pay 18 digits starting 10–15; Alipay 16–24 digits
 * starting 25–30. Surrounding whitespace is ignored; anything else is null.
 */
export function classifyPaymentCode(code: string): 'wechat' | 'alipay' | null {
  const s = code.trim();
  if (!/^\d+$/.test(s)) return null;
  const prefix = Number(s.slice(0, 2));
  if (s.length === 18 && prefix >= 10 && prefix <= 15) return 'wechat';
  if (s.length >= 16 && s.length <= 24 && prefix >= 25 && prefix <= 30) return 'alipay';
  return null;
}
