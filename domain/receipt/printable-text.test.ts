import { describe, expect, it } from 'vitest';
import { displayWidth } from './display-width';
import { printableText } from './printable-text';
import { buildReceiptDocument } from './receipt-document';
import { renderReceiptHtml } from './receipt-html';
import { layoutReceipt, layoutText } from './receipt-layout';
import { chineseSale, TEST_STORE } from './test-sale';

/** The test sale with its first line renamed. */
function saleNamed(name: string) {
  const sale = chineseSale();
  const first = sale.cart.lines[0];
  if (first) first.name = name;
  return sale;
}

/** The text of every receipt-line div in the preview, unescaped as a browser shows it. */
function previewLines(html: string): string[] {
  return [
    ...html.matchAll(
      /<div class="receipt-line[^"]*"[^>]*>(?:<span[^>]*>)?(.*?)(?:<\/span>)?<\/div>/g,
    ),
  ]
    .map((m) => m[1] ?? '')
    .map((t) =>
      t
        .replace(/&#8203;/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    );
}

describe('printableText', () => {
  it('turns typographic marks into the ASCII the printer prints, and leaves the rest', () => {
    expect(printableText('6×330ml — “ok” ‘a’ 1–2 wait… a\u00a0b\u2009c\u202fd')).toBe(
      '6x330ml - "ok" \'a\' 1-2 wait... a b c d',
    );
    expect(printableText('可口可乐 ¥3.50 café')).toBe('可口可乐 ¥3.50 café');
  });
});

describe('receipt text is the printed text on screen and on paper', () => {
  it('prints × as x in the layout, and the preview shows the very same line', () => {
    const doc = buildReceiptDocument(saleNamed('农夫山泉 6×330ml'), TEST_STORE);
    // The document keeps the product's own name; the layout is what prints.
    expect(doc.items[0]?.name).toBe('农夫山泉 6×330ml');
    const text = layoutText(layoutReceipt(doc, 32));
    expect(text).toContain('农夫山泉 6x330ml');
    expect(text.some((l) => l.includes('×'))).toBe(false);
    const html = renderReceiptHtml(doc, { columns: 32 });
    expect(html).not.toContain('×');
    expect(previewLines(html)).toEqual(text);
  });

  it('counts widths on the substituted text, so an ellipsis that becomes ... still fits', () => {
    // 29 columns of name + "…" is 30 columns as typed, 32 as printed ("...").
    const name = `${'A'.repeat(29)}…B`;
    const text = layoutText(layoutReceipt(buildReceiptDocument(saleNamed(name), TEST_STORE), 32));
    for (const line of text) expect(displayWidth(line)).toBeLessThanOrEqual(32);
    expect(text).toContain(`${'A'.repeat(29)}...`);
  });

  it('makes every free-text field printable but never touches the QR payload', () => {
    const doc = buildReceiptDocument(
      saleNamed('茶'),
      { name: 'Shop — “Best”', address: 'No.\u00a01', phone: '010–1', footer: 'Thanks…' },
      {
        qrPayload: 'https://inv.example/q?t=a–b',
        loyalty: { memberName: 'O’Neil', pointsEarned: 1, pointsRedeemed: 0, pointsBalance: 1 },
      },
    );
    const layout = layoutReceipt(doc, 48);
    const text = layoutText(layout).join('\n');
    for (const ch of ['—', '“', '”', '\u00a0', '–', '…', '’']) expect(text).not.toContain(ch);
    for (const s of ['Shop - "Best"', 'No. 1', '010-1', 'Thanks...', "O'Neil"]) {
      expect(text).toContain(s);
    }
    const qr = layout.blocks.find((b) => b.kind === 'qr');
    expect(qr).toEqual({ kind: 'qr', data: 'https://inv.example/q?t=a–b' });
  });
});
