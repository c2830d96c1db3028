// Virtual ESC/POS printer (TCP, records bytes, answers DLE EOT, can fail on demand) and
// the parser/decoder it uses to read receipts back.
export * from './escpos-parser';
export * from './escpos-text';
export * from './virtual-printer';
