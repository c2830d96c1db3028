import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeReceiptText } from './text-encoding';
import { toHex } from '../../tests/support/escpos-decoder';

describe('encodeReceiptText', () => {
  it('sends ASCII as single bytes', () => {
    expect(toHex(encodeReceiptText('Tea 5.00'))).toBe(toHex(Buffer.from('Tea 5.00')));
  });

  it('encodes Chinese as GB18030, including 4-byte characters', () => {
    expect(encodeReceiptText('可乐')).toEqual(iconv.encode('可乐', 'gb18030'));
    const rare = encodeReceiptText('𠀀');
    expect(rare.length).toBe(4);
    expect(iconv.decode(rare, 'gb18030')).toBe('𠀀');
  });

  it('sends ¥ from code page 437 between FS . and FS &, so it keeps one column', () => {
    expect(toHex(encodeReceiptText('合计 ¥31.10'))).toBe(
      `${toHex(iconv.encode('合计', 'gb18030'))} 20 1C 2E 9D 1C 26 33 31 2E 31 30`,
    );
  });

  it('drops control characters so text cannot carry printer commands', () => {
    expect(toHex(encodeReceiptText('a\x1b\x70\x00b'))).toBe('61 70 62');
  });

  it('maps typographic marks to ASCII and unknown narrow characters to ?', () => {
    expect(encodeReceiptText('2×3 — “ok”').toString('latin1')).toBe('2x3 - "ok"');
    expect(encodeReceiptText('\u0394').toString('latin1')).toBe('?');
  });
});
