// Receipt document: built once from a sale, laid out by display width, rendered to HTML
// here and to ESC/POS bytes in hardware/printing.
export * from './display-width';
export * from './printable-text';
export * from './receipt-document';
export * from './receipt-layout';
export * from './receipt-html';
