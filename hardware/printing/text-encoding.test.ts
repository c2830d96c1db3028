import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildReceiptDocument, layoutReceipt, layoutText } from '../../domain/receipt';
import { chineseSale, TEST_STORE } from '../../domain/receipt/test-sale';
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

  it('sends a narrow character no encoding has as ?, one column like its display width', () => {
    expect(encodeReceiptText('\u0394').toString('latin1')).toBe('?');
  });

  it('prints a product name with × exactly as its receipt layout line, which the preview shows', () => {
    const [line] = layoutText(
      layoutReceipt(
        {
          ...buildReceiptDocument(chineseSale(), TEST_STORE),
          store: { name: '农夫山泉 6×330ml — “水”', address: null, phone: null },
        },
        48,
      ),
    );
    expect(line?.trim()).toBe('农夫山泉 6x330ml - "水"');
    expect(iconv.decode(encodeReceiptText(line ?? ''), 'gb18030')).toBe(line);
  });
});
