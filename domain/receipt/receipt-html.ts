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
    // bwip-js output is generated markup (paths only), never user text. Its SVG has a
    // viewBox and no size: give it the size the symbol has on paper (barcode across the
    // line, QR about a third of it).
    const size = block.kind === 'barcode' ? 'width:90%;height:3.5em' : 'width:40%;height:auto';
    return svg.replace(
      '<svg ',
      `<svg style="${size}" role="img" aria-label="${escapeHtml(block.data)}" `,
    );
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
        // Double height as on paper (GS ! 01): twice as tall, same width, so the columns
        // still line up — a larger font would be wider than the paper.
        const style = `${block.bold ? 'font-weight:700;' : ''}${block.tall ? 'line-height:2.4em;' : ''}`;
        // A zero-width space keeps an empty line's height.
        const content = escapeHtml(block.text) || '&#8203;';
        const body = block.tall
          ? `<span style="display:inline-block;transform:scaleY(2)">${content}</span>`
          : content;
        parts.push(`<div class="${cls}"${style ? ` style="${style}"` : ''}>${body}</div>`);
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
