import { describe, expect, it } from 'vitest';
import {
  buildReceiptDocument,
  displayWidth,
  layoutReceipt,
  layoutText,
  type ReceiptColumns,
} from '../../domain/receipt';
import { chineseSale, TEST_STORE } from '../../domain/receipt/test-sale';
import {
  amountAfter,
  amountLines,
  commandTypes,
  decodeEscPos,
  toHex,
} from '../../tests/support/escpos-decoder';
import { drawerKickBytes, encodeReceipt } from './escpos-encoder';
import { parseHexFont } from './raster';

const sale = chineseSale();
const doc = buildReceiptDocument(sale, TEST_STORE, { qrPayload: 'https://inv.example/q?r=42' });
const paperFor: Record<ReceiptColumns, 58 | 80> = { 32: 58, 48: 80 };

describe('encodeReceipt (EPSON, text profile)', () => {
  it.each([32, 48] as const)('round-trips every line of the layout at %i columns', (columns) => {
    const bytes = encodeReceipt(doc, {
      brand: 'EPSON',
      paperWidth: paperFor[columns],
      profile: 'text',
    });
    const decoded = decodeEscPos(bytes);
    expect(decoded.receipts).toHaveLength(1);
    const printed = decoded.lines.filter((l) => l !== '');
    expect(printed).toEqual(layoutText(layoutReceipt(doc, columns)).filter((l) => l !== ''));
    if (columns === 32) expect(printed).toContain('康师傅红烧牛肉面(五连包)超值装特');
    else expect(printed).toContain('康师傅红烧牛肉面(五连包)超值装特惠');
  });

  it.each([32, 48] as const)('lines up amounts at the right edge of %i columns', (columns) => {
    const bytes = encodeReceipt(doc, {
      brand: 'EPSON',
      paperWidth: paperFor[columns],
      profile: 'text',
    });
    const lines = decodeEscPos(bytes).lines;
    const withAmounts = amountLines(lines).filter((l) => !l.includes(':'));
    expect(withAmounts.length).toBeGreaterThan(10);
    for (const l of withAmounts) expect(displayWidth(l)).toBe(columns);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
  });

  it('prints the totals of the sale', () => {
    const lines = decodeEscPos(
      encodeReceipt(doc, { brand: 'EPSON', paperWidth: 80, profile: 'text' }),
    ).lines;
    expect(amountAfter(lines, '合计')).toBe(sale.totals.total);
    expect(amountAfter(lines, '小计')).toBe(sale.totals.subtotal);
    expect(amountAfter(lines, '优惠 Discount')).toBe(-sale.totals.discountTotal);
    expect(amountAfter(lines, '找零')).toBe(sale.changeMinor);
    expect(amountAfter(lines, '现金')).toBe(sale.tenders[0]?.amountMinor);
  });

  it('starts in Chinese mode with code page 437 and ends with a full cut', () => {
    const bytes = encodeReceipt(doc, { brand: 'EPSON', paperWidth: 58, profile: 'text' });
    expect(toHex(bytes.subarray(0, 7))).toBe('1B 40 1B 74 00 1C 26');
    const types = commandTypes(bytes);
    expect(types.filter((t) => t === 'cut')).toHaveLength(1);
    expect(toHex(bytes)).toContain('1D 56 00');
    // never the library's code-page switching for Chinese (ESC R 15 / ESC t n ≠ 0)
    expect(types).not.toContain('intl_charset');
  });

  it('carries the receipt-number CODE128 and the QR payload', () => {
    const r = decodeEscPos(encodeReceipt(doc, { brand: 'EPSON', paperWidth: 80, profile: 'text' }))
      .receipts[0];
    expect(r?.barcodes).toEqual(['S001-T01-000042']);
    expect(r?.qrCodes).toEqual(['https://inv.example/q?r=42']);
  });

  it('frames a non-ASCII QR payload by its UTF-8 byte length', () => {
    const d = buildReceiptDocument(sale, TEST_STORE, { qrPayload: '发票 42' });
    const r = decodeEscPos(encodeReceipt(d, { brand: 'EPSON', paperWidth: 80, profile: 'text' }))
      .receipts[0];
    expect(r?.qrCodes).toEqual(['发票 42']);
  });

  it('marks a reprint as a copy on paper', () => {
    const copy = buildReceiptDocument(sale, TEST_STORE, { copy: true });
    const lines = decodeEscPos(
      encodeReceipt(copy, { brand: 'EPSON', paperWidth: 58, profile: 'text' }),
    ).lines;
    expect(lines.filter((l) => l.includes('COPY / 重印'))).toHaveLength(2);
  });
});

describe('drawer kick', () => {
  it('is exactly 1B 70 00 19 FA for pin 2 at 50 ms, and m = 1 for pin 5', () => {
    expect(toHex(drawerKickBytes({ pin: 2, pulseMs: 50 }))).toBe('1B 70 00 19 FA');
    expect(toHex(drawerKickBytes({ pin: 5, pulseMs: 100 }))).toBe('1B 70 01 32 FA');
  });

  it('goes into the receipt once, before the text, when asked', () => {
    const bytes = encodeReceipt(doc, {
      brand: 'EPSON',
      paperWidth: 58,
      profile: 'text',
      drawer: { pin: 2, pulseMs: 50 },
    });
    const r = decodeEscPos(bytes).receipts[0];
    expect(r?.drawerKicks.map((k) => k.hex)).toEqual(['1B 70 00 19 FA']);
    expect(toHex(bytes)).not.toContain('1B 70 00 1B 70 01'); // the library's malformed kick
    const noKick = decodeEscPos(
      encodeReceipt(doc, { brand: 'EPSON', paperWidth: 58, profile: 'text' }),
    );
    expect(noKick.receipts[0]?.drawerKicks).toEqual([]);
  });
});

describe('STAR brand', () => {
  it('uses Star line-mode framing: no FS &, Star cut, Star drawer pulse', () => {
    const bytes = encodeReceipt(doc, {
      brand: 'STAR',
      paperWidth: 80,
      profile: 'text',
      drawer: { pin: 2, pulseMs: 50 },
    });
    const hex = toHex(bytes);
    expect(hex).not.toContain('1C 26');
    expect(hex).toContain('1B 64 02'); // Star full cut
    expect(hex).toContain('1B 07 19 FA 07');
  });
});

describe('raster profile', () => {
  // A tiny Unifont-format font: '1' as an 8×16 vertical bar, '可' as a 16×16 block.
  const font = parseHexFont(['0031:' + '18'.repeat(16), '53EF:' + 'FFFF'.repeat(16)].join('\n'));

  it('draws the text as GS v 0 images of the paper width and keeps barcode, QR and cut', () => {
    const bytes = encodeReceipt(doc, {
      brand: 'EPSON',
      paperWidth: 58,
      profile: 'raster',
      glyphs: font,
    });
    const decoded = decodeEscPos(bytes);
    const r = decoded.receipts[0];
    expect(r?.rasterImages.length).toBeGreaterThan(2);
    for (const img of r?.rasterImages ?? []) expect(img.widthBytes).toBe(48); // 384 dots
    expect(r?.barcodes).toEqual(['S001-T01-000042']);
    expect(decoded.lines.join('').trim()).toBe(''); // no text bytes: all drawn
    expect(commandTypes(bytes)).toContain('cut');
  });

  it('puts a known glyph in its cell: a full-width block fills 24×24 dots', () => {
    const one = buildReceiptDocument(sale, { name: '可' }, {});
    const bytes = encodeReceipt(one, {
      brand: 'EPSON',
      paperWidth: 58,
      profile: 'raster',
      glyphs: font,
    });
    const first = decodeEscPos(bytes).commands.find((c) => c.type === 'raster');
    if (first?.type !== 'raster') throw new Error('no raster image');
    // Store name line: '可' centred in 32 columns → columns 15-16 → dots 180..203, bold +1.
    const row = (y: number): string =>
      [...first.data.subarray(y * 48, y * 48 + 48)]
        .map((b) => b.toString(2).padStart(8, '0'))
        .join('');
    const line = row(10);
    expect(line.indexOf('1')).toBe(180);
    expect(line.lastIndexOf('1')).toBe(204);
  });
});
