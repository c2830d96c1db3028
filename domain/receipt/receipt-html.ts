// The on-screen receipt preview: the same laid-out lines the printer gets, as HTML.
// Every piece of text is escaped; the barcode and QR are inline SVG from bwip-js (pure
// JavaScript, runs in the browser and in Node). Styling is inline so the preview looks
// right wherever it is dropped; the cashier UI may override it by class name.
import { toSVG } from 'bwip-js/browser';
import type { ReceiptDocument } from './receipt-document';
import { layoutReceipt, type ReceiptBlock, type ReceiptColumns } from './receipt-layout';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** SVG for a symbol, or an escaped text fallback if the data cannot be encoded. */
function symbolSvg(block: Extract<ReceiptBlock, { kind: 'barcode' | 'qr' }>): string {
  try {
    const svg =
      block.kind === 'barcode'
        ? toSVG({ bcid: 'code128', text: block.data, height: 10, scale: 2, includetext: false })
        : toSVG({ bcid: 'qrcode', text: block.data, scale: 3 });
    // bwip-js output is generated markup (paths only), never user text.
    return svg;
  } catch {
    return `<span>[${escapeHtml(block.data)}]</span>`;
  }
}

export interface ReceiptHtmlOptions {
  columns: ReceiptColumns;
}

/**
 * Render a receipt as an HTML fragment for the preview. Text lines are exactly the lines
 * the printer prints (see layoutReceipt), one `<div>` each, in a monospace block whose
 * width is `columns` character cells; CJK characters take two cells as on paper.
 */
export function renderReceiptHtml(doc: ReceiptDocument, opts: ReceiptHtmlOptions): string {
  const layout = layoutReceipt(doc, opts.columns);
  const parts: string[] = [];
  for (const block of layout.blocks) {
    switch (block.kind) {
      case 'text': {
        const cls = [
          'receipt-line',
          block.bold ? 'receipt-bold' : '',
          block.tall ? 'receipt-tall' : '',
        ]
          .filter((c) => c !== '')
          .join(' ');
        const style = `${block.bold ? 'font-weight:700;' : ''}${block.tall ? 'font-size:1.5em;line-height:1.3;' : ''}`;
        // A non-breaking zero-width content keeps an empty line's height.
        parts.push(
          `<div class="${cls}"${style ? ` style="${style}"` : ''}>${escapeHtml(block.text) || '&#8203;'}</div>`,
        );
        break;
      }
      case 'barcode':
      case 'qr':
        parts.push(
          `<div class="receipt-${block.kind}" data-value="${escapeHtml(block.data)}" style="text-align:center;margin:6px 0">${symbolSvg(block)}</div>`,
        );
        break;
      case 'feed':
        break;
    }
  }
  const kindClass = doc.copy ? ' receipt-copy' : '';
  return (
    `<div class="receipt receipt-${layout.columns}${kindClass}" role="document" aria-label="${escapeHtml(`Receipt ${doc.receiptNumber}${doc.copy ? ' (copy)' : ''}`)}" ` +
    `style="font-family:'Noto Sans Mono CJK SC','Sarasa Mono SC','WenQuanYi Zen Hei Mono',ui-monospace,monospace;white-space:pre;width:${layout.columns}ch;background:#fff;color:#000;padding:8px">` +
    parts.join('') +
    `</div>`
  );
}
