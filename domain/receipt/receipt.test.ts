import { describe, expect, it } from 'vitest';
import { chineseSale, TEST_STORE } from './test-sale';
import { buildReceiptDocument } from './receipt-document';
import { COPY_MARK, layoutReceipt, layoutText } from './receipt-layout';
import { renderReceiptHtml } from './receipt-html';
import { displayWidth } from './display-width';

const sale = chineseSale();

describe('buildReceiptDocument', () => {
  it('carries every unvoided line, the totals, the tax rows and the tenders of the sale', () => {
    const doc = buildReceiptDocument(sale, TEST_STORE);
    expect(doc.items.map((i) => i.name)).toEqual([
      '可口可乐 330ml',
      '康师傅红烧牛肉面(五连包)超值装特惠',
      '红富士苹果(散装)',
      'Oolong tea 乌龙茶 500ml',
    ]);
    expect(doc.totalMinor).toBe(sale.totals.total);
    expect(doc.items.reduce((s, i) => s + i.totalMinor, 0)).toBe(sale.totals.total);
    expect(doc.subtotalMinor - doc.discountMinor).toBe(doc.totalMinor);
    expect(doc.taxSummary.reduce((s, r) => s + r.taxMinor, 0)).toBe(sale.totals.taxTotal);
    expect(doc.changeMinor).toBe(sale.changeMinor);
    expect(doc.barcode).toEqual({ symbology: 'CODE128', data: 'S001-T01-000042' });
    expect(doc.copy).toBe(false);
    expect(doc.kind).toBe('sale');
  });

  it('prints the time in the shop time zone', () => {
    expect(buildReceiptDocument(sale, TEST_STORE).localTime).toBe('2026-11-23 18:00:01');
    expect(buildReceiptDocument(sale, TEST_STORE, { timeZone: 'UTC' }).localTime).toBe(
      '2026-11-23 10:00:01',
    );
  });

  it('strips control characters a product name could smuggle to the printer', () => {
    const evil = chineseSale();
    const first = evil.cart.lines[0];
    if (first) first.name = '可乐\x1b\x70\x00\x19\xfa';
    const doc = buildReceiptDocument(evil, TEST_STORE);
    expect([...(doc.items[0]?.name ?? '')].every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
    expect(doc.items[0]?.name).toBe('可乐 p \u00fa');
  });
});

describe('layoutReceipt', () => {
  it.each([32, 48] as const)('keeps every line within %i columns', (columns) => {
    const doc = buildReceiptDocument(chineseSale({ lines: 20 }), TEST_STORE, { copy: true });
    for (const line of layoutText(layoutReceipt(doc, columns))) {
      expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    }
  });

  it.each([32, 48] as const)('aligns amounts at the right edge of %i columns', (columns) => {
    const text = layoutText(layoutReceipt(buildReceiptDocument(sale, TEST_STORE), columns));
    const amountLines = text.filter((l) => /\d+\.\d\d$/.test(l) && !l.startsWith('时间'));
    expect(amountLines.length).toBeGreaterThan(10);
    for (const l of amountLines) expect(displayWidth(l)).toBe(columns);
    const total = text.find((l) => l.startsWith('合计'));
    expect(total?.endsWith('¥31.10')).toBe(true);
  });

  it.each([32, 48] as const)(
    'wraps a long Chinese name at %i columns by display width',
    (columns) => {
      const text = layoutText(layoutReceipt(buildReceiptDocument(sale, TEST_STORE), columns));
      const name = '康师傅红烧牛肉面(五连包)超值装特惠';
      const start = text.findIndex((l) => l.startsWith('康师傅'));
      if (columns === 32) {
        expect(text[start]).toBe('康师傅红烧牛肉面(五连包)超值装特');
        expect(text[start + 1]).toBe('惠');
      } else {
        expect(text[start]).toBe(name);
      }
    },
  );

  it('marks a reprint as a copy at the top and the bottom', () => {
    const copy = layoutText(
      layoutReceipt(buildReceiptDocument(sale, TEST_STORE, { copy: true }), 32),
    );
    const original = layoutText(layoutReceipt(buildReceiptDocument(sale, TEST_STORE), 32));
    expect(copy.filter((l) => l.includes(COPY_MARK))).toHaveLength(2);
    expect(original.some((l) => l.includes('COPY'))).toBe(false);
  });

  it('ends with the receipt-number barcode, the optional QR and a feed', () => {
    const doc = buildReceiptDocument(sale, TEST_STORE, { qrPayload: 'https://inv.example/q?r=42' });
    const kinds = layoutReceipt(doc, 48).blocks.map((b) => b.kind);
    expect(kinds.slice(-4)).toEqual(['barcode', 'text', 'qr', 'feed']);
  });

  it('shows loyalty points when given', () => {
    const doc = buildReceiptDocument(sale, TEST_STORE, {
      loyalty: { memberName: '张三', pointsEarned: 31, pointsRedeemed: 0, pointsBalance: 1031 },
    });
    const text = layoutText(layoutReceipt(doc, 32));
    expect(text.some((l) => l.startsWith('积分余额') && l.endsWith('1031'))).toBe(true);
  });
});

describe('renderReceiptHtml', () => {
  it('shows the same lines as the paper, escaped', () => {
    const doc = buildReceiptDocument(sale, { ...TEST_STORE, name: '<script>alert(1)</script>店' });
    const html = renderReceiptHtml(doc, { columns: 32 });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    for (const line of layoutText(layoutReceipt(doc, 32))) {
      const escaped = line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(html).toContain(escaped);
    }
  });

  it('draws the receipt-number barcode as SVG', () => {
    const html = renderReceiptHtml(buildReceiptDocument(sale, TEST_STORE), { columns: 48 });
    expect(html).toMatch(/class="receipt-barcode" data-value="S001-T01-000042"[^>]*><svg/);
  });
});
