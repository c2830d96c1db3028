// Printing services for the host (Electron main / hardware bridge): encode receipts to
// ESC/POS, print with status checks, open the drawer, read status.
export * from './escpos-encoder';
export * from './print-once';
export * from './print-service';
export * from './printer-status';
export * from './printer-target';
export * from './raster';
export * from './receipt-document-schema';
export * from './text-encoding';
