// Lays a ReceiptDocument out as lines of exactly the paper's columns (32 on 58 mm, 48 on
// 80 mm), counted by display width. Both renderers (ESC/POS, HTML) print these lines
// verbatim, so the preview shows the same text as the paper, column for column — and
// character for character: free text is made printable (printable-text.ts) first.
import { currencyExponent } from '../currency';
import { formatMoney, minorToDecimalString, money } from '../money';
import { centerWidth, columnsRow, leftRight, wrapWidth } from './display-width';
import { printableDocument } from './printable-text';
import { gramsToKgText, type ReceiptDocument, type ReceiptKind } from './receipt-document';

export type ReceiptColumns = 32 | 48;

/**
 * One block of the laid-out receipt.
 * - text: one printed line, at most `columns` wide (trailing spaces trimmed); `bold`
 *   and `tall` (double height, same width) are emphasis only and never change columns.
 * - barcode / qr: centred symbols.
 * - feed: blank lines before the cut.
 */
export type ReceiptBlock =
  | { kind: 'text'; text: string; bold: boolean; tall: boolean }
  | { kind: 'barcode'; symbology: 'CODE128'; data: string }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number };

export interface ReceiptLayout {
  columns: ReceiptColumns;
  blocks: ReceiptBlock[];
}

const TITLES: Record<ReceiptKind, string> = {
  sale: '销售小票 SALES RECEIPT',
  refund: '退货小票 REFUND',
  x_report: 'X 报表 X REPORT',
  z_report: 'Z 报表 Z REPORT',
};

export const COPY_MARK = '*** COPY / 重印 ***';

/** Paper width in mm → columns of the standard 12×24 font. */
export function columnsForPaper(paperWidthMm: 58 | 80): ReceiptColumns {
  return paperWidthMm === 58 ? 32 : 48;
}

/**
 * Lay a receipt out to `columns`. Pure and deterministic. Every text line is what the
 * printer prints: typographic marks are already their ASCII lookalikes (× → x).
 */
export function layoutReceipt(source: ReceiptDocument, columns: ReceiptColumns): ReceiptLayout {
  const doc = printableDocument(source);
  const W = columns;
  const exponent = currencyExponent(doc.currency);
  const amount = (minor: number): string => minorToDecimalString(minor, exponent);
  const blocks: ReceiptBlock[] = [];
  const text = (t: string, bold = false, tall = false): void => {
    blocks.push({ kind: 'text', text: t.trimEnd(), bold, tall });
  };
  const lines = (ls: readonly string[], bold = false, tall = false): void => {
    for (const l of ls) text(l, bold, tall);
  };
  const centered = (t: string, bold = false, tall = false): void => {
    for (const l of wrapWidth(t, W)) text(centerWidth(l, W), bold, tall);
  };
  const rule = (ch = '-'): void => text(ch.repeat(W));

  // Header
  centered(doc.store.name, true, true);
  if (doc.store.address) centered(doc.store.address);
  if (doc.store.phone) centered(`电话 Tel: ${doc.store.phone}`);
  centered(TITLES[doc.kind], true);
  if (doc.copy) centered(COPY_MARK, true);
  rule();
  lines(leftRight('单号 No.', doc.receiptNumber, W));
  lines(leftRight('时间 Time', doc.localTime, W));
  lines(leftRight('收银员 Cashier', doc.cashierId, W));
  rule();

  // Items: name (wrapped), then quantity × unit price and the line amount, then discount.
  for (const item of doc.items) {
    lines(wrapWidth(item.name, W));
    const qty =
      item.unit === 'kg'
        ? `  ${gramsToKgText(item.quantity)}kg x ${amount(item.unitPriceMinor)}/kg`
        : `  ${item.quantity} x ${amount(item.unitPriceMinor)}`;
    lines(leftRight(qty, amount(item.grossMinor), W));
    if (item.discountMinor !== 0) {
      lines(leftRight('  优惠 Discount', amount(-item.discountMinor), W));
    }
  }
  rule();

  // Totals
  lines(leftRight(`件数 Items`, String(doc.itemCount), W));
  lines(leftRight('小计 Subtotal', amount(doc.subtotalMinor), W));
  if (doc.discountMinor !== 0) {
    lines(leftRight('优惠 Discount', amount(-doc.discountMinor), W));
  }
  if (doc.taxMode === 'exclusive') lines(leftRight('税额 Tax', amount(doc.taxMinor), W));
  lines(leftRight('合计 TOTAL', formatMoney(money(doc.totalMinor, doc.currency)), W), true, true);

  // Tenders and change
  for (const t of doc.tenders) {
    lines(leftRight(t.kind === 'cash' ? '现金 Cash' : '银行卡 Card', amount(t.amountMinor), W));
    if (t.reference) lines(leftRight('  参考号 Ref', t.reference, W));
  }
  lines(leftRight('找零 Change', amount(doc.changeMinor), W), true);

  // Tax summary per rate: rate | net | tax.
  if (doc.taxSummary.length > 0) {
    rule();
    const nameW = W === 32 ? 12 : 20;
    const numW = (W - nameW) / 2;
    const row = (a: string, b: string, c: string): string =>
      columnsRow([
        { text: a, width: nameW },
        { text: b, width: numW, align: 'right' },
        { text: c, width: numW, align: 'right' },
      ]);
    text(row('税率 Rate', '净额 Net', '税额 Tax'));
    for (const r of doc.taxSummary) {
      text(row(r.name, amount(r.netMinor), amount(r.taxMinor)));
    }
    text(row(doc.taxMode === 'inclusive' ? '(含税 incl.)' : '', '', amount(doc.taxMinor)));
  }

  // Loyalty
  if (doc.loyalty) {
    rule();
    if (doc.loyalty.memberName) lines(leftRight('会员 Member', doc.loyalty.memberName, W));
    lines(leftRight('本次积分 Earned', String(doc.loyalty.pointsEarned), W));
    if (doc.loyalty.pointsRedeemed !== 0) {
      lines(leftRight('使用积分 Redeemed', String(doc.loyalty.pointsRedeemed), W));
    }
    lines(leftRight('积分余额 Balance', String(doc.loyalty.pointsBalance), W));
  }

  // Footer, copy mark, receipt-number barcode, QR.
  if (doc.footer.length > 0) {
    rule();
    for (const f of doc.footer) centered(f);
  }
  if (doc.copy) centered(COPY_MARK, true);
  blocks.push({ kind: 'barcode', symbology: doc.barcode.symbology, data: doc.barcode.data });
  centered(doc.barcode.data);
  if (doc.qr) blocks.push({ kind: 'qr', data: doc.qr });
  blocks.push({ kind: 'feed', lines: 3 });
  return { columns, blocks };
}

/** The text lines only (what a decoder should read back from the paper). */
export function layoutText(layout: ReceiptLayout): string[] {
  return layout.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
}
