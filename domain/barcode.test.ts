import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  barcodeLookAheads,
  buildScaleBarcode,
  classifyPaymentCode,
  ean13CheckDigit,
  isValidEan13,
  isValidGtin,
  parseScaleBarcode,
} from './barcode';

describe('GTIN check digits', () => {
  it('computes the EAN-13 check digit', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('690123456789')).toBe(2);
    expect(() => ean13CheckDigit('12345')).toThrow(RangeError);
  });
  it('accepts valid EAN-13s and rejects a wrong check digit, wrong length or letters', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('6901234567892')).toBe(true);
    expect(isValidEan13('6901234567893')).toBe(false);
    expect(isValidEan13('690123456789')).toBe(false);
    expect(isValidEan13('69012345678a2')).toBe(false);
  });
  it('accepts EAN-8 and UPC-A through isValidGtin', () => {
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('96385075')).toBe(false);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('036000291453')).toBe(false);
    expect(isValidGtin('6901234567892')).toBe(true);
    expect(isValidGtin('1234567')).toBe(false);
  });
  it('detects every single-digit error in an EAN-13', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.nat(12),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const code = `${body}${ean13CheckDigit(body)}`;
          expect(isValidEan13(code)).toBe(true);
          const wrong =
            code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
          expect(isValidEan13(wrong)).toBe(false);
        },
      ),
    );
  });
});

describe('barcodeLookAheads', () => {
  it('adds to 12 digits the EAN-13 they become, and nothing to other lengths', () => {
    expect(barcodeLookAheads('690123456789')).toEqual(['690123456789', '6901234567892']);
    expect(barcodeLookAheads('69012345678')).toEqual(['69012345678']);
    expect(barcodeLookAheads('6901234567892')).toEqual(['6901234567892']);
    expect(barcodeLookAheads('69012345678a')).toEqual(['69012345678a']);
  });
  it('the added code is always the one valid EAN-13 with those 12 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(9), (body, last) => {
        const added = barcodeLookAheads(body)[1];
        expect(added !== undefined && isValidEan13(added)).toBe(true);
        expect(isValidEan13(`${body}${last}`)).toBe(`${body}${last}` === added);
      }),
    );
  });
});

describe('scale barcodes', () => {
  it('reads the PLU and the weight in grams from a 2F PPPPP WWWWW C label', () => {
    expect(buildScaleBarcode('00123', 1255)).toBe('2000123012551');
    expect(parseScaleBarcode('2000123012551')).toEqual({ plu: '00123', grams: 1255 });
    expect(parseScaleBarcode('2205678007506')).toEqual({ plu: '05678', grams: 750 });
  });
  it('ignores ordinary products, bad check digits and other lengths', () => {
    expect(parseScaleBarcode('6901234567892')).toBeNull();
    expect(parseScaleBarcode('2000123012552')).toBeNull();
    expect(parseScaleBarcode('20001230125')).toBeNull();
  });
  it('round-trips any PLU and weight', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{5}$/),
        fc.integer({ min: 0, max: 99_999 }),
        fc.nat(9),
        (plu, grams, flag) => {
          expect(parseScaleBarcode(buildScaleBarcode(plu, grams, flag))).toEqual({ plu, grams });
        },
      ),
    );
  });
});

describe('classifyPaymentCode', () => {
  it('recognises WeChat Pay codes: 18 digits starting 10–15', () => {
    expect(classifyPaymentCode('134567890123456789')).toBe('wechat');
    expect(classifyPaymentCode('104567890123456789')).toBe('wechat');
    expect(classifyPaymentCode('154567890123456789')).toBe('wechat');
    expect(classifyPaymentCode('164567890123456789')).toBeNull();
    expect(classifyPaymentCode('13456789012345678')).toBeNull();
  });
  it('recognises Alipay codes: 16–24 digits starting 25–30', () => {
    expect(classifyPaymentCode('2812345678901234')).toBe('alipay');
    expect(classifyPaymentCode('286543210987654321')).toBe('alipay');
    expect(classifyPaymentCode('301234567890123456789012')).toBe('alipay');
    expect(classifyPaymentCode('3012345678901234567890123')).toBeNull();
    expect(classifyPaymentCode('281234567890123')).toBeNull();
    expect(classifyPaymentCode('311234567890123456')).toBeNull();
  });
  it('ignores surrounding whitespace and rejects non-digits', () => {
    expect(classifyPaymentCode(' 134567890123456789\n')).toBe('wechat');
    expect(classifyPaymentCode('13456789012345678x')).toBeNull();
    expect(classifyPaymentCode('')).toBeNull();
  });
});
