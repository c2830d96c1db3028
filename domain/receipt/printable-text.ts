// The characters a receipt actually prints. A thermal printer in Chinese mode prints ASCII,
// GB18030 and the narrow characters of code page 437 (¥, é, ·); typographic marks that
// shop data carries (× in "6×330ml", dashes, curly quotes, …, special spaces) have no
// one-column glyph there. They are turned into their ASCII lookalikes here, once, before
// layout — so widths are counted on the text that prints, and the on-screen preview
// (receipt-html.ts) and the paper (hardware/printing) show the very same characters.
import type { ReceiptDocument } from './receipt-document';

/** Typographic marks → the ASCII that prints in their place (one or more columns). */
export const PRINTABLE_SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u00d7': 'x', // ×
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u2026': '...', // …
  '\u00a0': ' ', // no-break space
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space
};

const SUBSTITUTE_PATTERN = new RegExp(`[${Object.keys(PRINTABLE_SUBSTITUTES).join('')}]`, 'gu');

/** `text` as the receipt prints it: typographic marks replaced by their ASCII lookalikes. */
export function printableText(text: string): string {
  return text.replace(SUBSTITUTE_PATTERN, (ch) => PRINTABLE_SUBSTITUTES[ch] ?? ch);
}

/**
 * The document with every free-text field made printable. Machine data (receipt number,
 * barcode and QR payloads, amounts) is left exactly as it is: a QR link must not change.
 */
export function printableDocument(doc: ReceiptDocument): ReceiptDocument {
  const p = printableText;
  return {
    ...doc,
    store: {
      name: p(doc.store.name),
      address: doc.store.address === null ? null : p(doc.store.address),
      phone: doc.store.phone === null ? null : p(doc.store.phone),
    },
    localTime: p(doc.localTime),
    cashierId: p(doc.cashierId),
    items: doc.items.map((i) => ({ ...i, name: p(i.name), nameEn: p(i.nameEn) })),
    taxSummary: doc.taxSummary.map((r) => ({ ...r, name: p(r.name) })),
    tenders: doc.tenders.map((t) => ({
      ...t,
      reference: t.reference === null ? null : p(t.reference),
    })),
    loyalty:
      doc.loyalty === null
        ? null
        : {
            ...doc.loyalty,
            memberName: doc.loyalty.memberName === null ? null : p(doc.loyalty.memberName),
          },
    footer: doc.footer.map(p),
  };
}
