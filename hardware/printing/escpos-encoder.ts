// ReceiptDocument → printer bytes through node-thermal-printer (EPSON by default, STAR
// selectable). The library builds the command framing (init, emphasis, barcode, QR,
// cut); every piece of text is encoded here (GB18030 / code page 437, see
// text-encoding.ts) and appended with printer.add(buffer), which passes buffers through
// untouched. Lines come from layoutReceipt, so they are the preview's lines exactly.
//
// Pitfalls of node-thermal-printer 4.6.1 avoided on purpose (see FIELD-NOTES.md):
// - no characterSet: the library would encode Chinese as EUC-CN / EUC-JP;
// - setTextSize(h, w) puts h in the WIDTH nibble of GS !, so GS ! is written here;
// - openCashDrawer() emits `1B 70 00 1B 70 01` (one malformed ESC p): drawerKickBytes();
// - printQR() uses the string length as the byte count: non-ASCII QR data is framed here.
import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import {
  columnsForPaper,
  layoutReceipt,
  type ReceiptDocument,
  type ReceiptLayout,
} from '../../domain/receipt';
import { rasterizeLines, type GlyphSource } from './raster';
import { ESC_CODE_PAGE_437, FS_KANJI_ON, encodeReceiptText } from './text-encoding';

export type PrinterBrand = 'EPSON' | 'STAR';

export interface DrawerKick {
  /** Drawer connector pin: 2 (m = 0) or 5 (m = 1). */
  pin: 2 | 5;
  /** Pulse on-time in ms; sent as t1 = pulseMs / 2 (units of 2 ms). */
  pulseMs: number;
}

export interface EncodeOptions {
  brand: PrinterBrand;
  paperWidth: 58 | 80;
  profile: 'text' | 'raster';
  /** Kick the drawer at the start of the receipt (cash tenders). */
  drawer?: DrawerKick | null;
  /** Glyphs for the raster profile (see raster.ts). Required when profile is 'raster'. */
  glyphs?: GlyphSource | null;
}

/** Off-time of the drawer pulse: 0xFA × 2 ms = 500 ms, the usual value. */
const DRAWER_OFF_UNITS = 0xfa;

/**
 * `ESC p m t1 t2` for EPSON (m 0 = pin 2, 1 = pin 5; on t1×2 ms, off t2×2 ms), e.g. pin 2 at
 * 50 ms → 1B 70 00 19 FA. STAR line mode has no pin select: `ESC BEL n1 n2` sets the pulse
 * and BEL (drawer 1, pin 2) or SUB (drawer 2, pin 5) fires it.
 */
export function drawerKickBytes(kick: DrawerKick, brand: PrinterBrand = 'EPSON'): Buffer {
  const t1 = Math.min(255, Math.max(1, Math.round(kick.pulseMs / 2)));
  if (brand === 'STAR') {
    return Buffer.from([0x1b, 0x07, t1, DRAWER_OFF_UNITS, kick.pin === 2 ? 0x07 : 0x1a]);
  }
  return Buffer.from([0x1b, 0x70, kick.pin === 2 ? 0x00 : 0x01, t1, DRAWER_OFF_UNITS]);
}

/** GS ! n with n = 0x01 (double height, same width) or 0x00. Kanji and ASCII alike. */
const gsSize = (tall: boolean): Buffer => Buffer.from([0x1d, 0x21, tall ? 0x01 : 0x00]);

/** QR code as GS ( k with the data length in bytes (UTF-8), model 2, module 6 dots, level M. */
function qrBytes(data: string): Buffer {
  const payload = Buffer.from(data, 'utf8');
  const store = payload.length + 3;
  return Buffer.concat([
    Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]), // model 2
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06]), // module size 6 dots
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31]), // error correction M
    Buffer.from([0x1d, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30]),
    payload,
    Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]), // print
  ]);
}

/**
 * The part of ThermalPrinter used here, typed from lib/core.js 4.6.1: the bundled .d.ts
 * demands an `interface` (we only build buffers), lacks initHardware() and types the
 * code128 settings after the STAR driver.
 */
interface BufferBuilder {
  initHardware(): void;
  add(buffer: Buffer): void;
  bold(on: boolean): void;
  setTextDoubleHeight(): void;
  setTextNormal(): void;
  newLine(): void;
  alignCenter(): void;
  alignLeft(): void;
  code128(data: string, settings: Record<string, number | string>): void;
  printQR(data: string, settings: Record<string, number | string>): void;
  cut(): void;
  getBuffer(): Buffer;
}

function newPrinter(brand: PrinterBrand, columns: number): BufferBuilder {
  const config = {
    type: brand === 'STAR' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    width: columns,
    // Lines are already laid out; the library must not re-fold them by character count.
    breakLine: BreakLine.NONE,
  };
  type Ctor = new (c: typeof config) => BufferBuilder & { append(b: Buffer | string | null): void };
  const printer = new (ThermalPrinter as unknown as Ctor)(config);
  // The library's append() re-concatenates the whole job on every call (quadratic in the
  // receipt length); collect the pieces and join them once in getBuffer() instead. Every
  // library method used here appends Buffers; a string would be ASCII framing.
  const chunks: Buffer[] = [];
  printer.append = (b) => {
    if (b) chunks.push(typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
  };
  printer.getBuffer = () => Buffer.concat(chunks);
  return printer;
}

/** Encode an already laid-out receipt. */
export function encodeLayout(layout: ReceiptLayout, opts: EncodeOptions): Buffer {
  const printer = newPrinter(opts.brand, layout.columns);
  const epson = opts.brand === 'EPSON';
  printer.initHardware(); // ESC @
  if (epson) {
    printer.add(ESC_CODE_PAGE_437); // the single-byte page used between FS . and FS &
    printer.add(FS_KANJI_ON); // Chinese mode: GB18030 double-byte text from here on
  }
  if (opts.drawer) printer.add(drawerKickBytes(opts.drawer, opts.brand));

  if (opts.profile === 'raster') {
    if (!opts.glyphs) throw new Error('The raster profile needs a glyph source');
    // GS v 0 is an ESC/POS command; Star line mode rasters differ and are not built here.
    if (!epson)
      throw new Error('The raster profile is available for EPSON (ESC/POS) printers only');
    encodeRasterBody(printer, layout, opts.glyphs, opts.paperWidth);
  } else {
    let bold = false;
    let tall = false;
    for (const block of layout.blocks) {
      switch (block.kind) {
        case 'text':
          if (block.bold !== bold) {
            printer.bold(block.bold);
            bold = block.bold;
          }
          if (block.tall !== tall) {
            if (epson) printer.add(gsSize(block.tall));
            else if (block.tall) printer.setTextDoubleHeight();
            else printer.setTextNormal();
            tall = block.tall;
          }
          printer.add(encodeReceiptText(block.text, { kanjiSwitching: epson }));
          printer.newLine();
          break;
        case 'barcode':
          appendBarcode(printer, block.data, epson);
          break;
        case 'qr':
          appendQr(printer, block.data, epson);
          break;
        case 'feed':
          break;
      }
    }
    if (bold) printer.bold(false);
    if (tall && epson) printer.add(gsSize(false));
  }
  // Feed past the cutter, full cut (GS V 0 on EPSON), then ESC @ (library's cut()).
  printer.cut();
  return Buffer.from(printer.getBuffer());
}

function appendBarcode(printer: BufferBuilder, data: string, epson: boolean): void {
  printer.alignCenter();
  // CODE128 set B, no human-readable line from the printer (the layout prints it as text).
  if (epson) printer.code128(data, { hriPos: 0, width: 2, height: 60 });
  else printer.code128(data, { text: 1, width: 'MEDIUM', height: 60 });
  printer.newLine();
  printer.alignLeft();
}

function appendQr(printer: BufferBuilder, data: string, epson: boolean): void {
  printer.alignCenter();
  if (epson) printer.add(qrBytes(data));
  else printer.printQR(data, { cellSize: 6, correction: 'M', model: 2 });
  printer.newLine();
  printer.alignLeft();
}

/** Raster profile: text drawn as 1-bit images (GS v 0) in bands; barcode and QR stay native. */
function encodeRasterBody(
  printer: BufferBuilder,
  layout: ReceiptLayout,
  glyphs: GlyphSource,
  paperWidth: 58 | 80,
): void {
  const dots = paperWidth === 58 ? 384 : 576;
  let band: { text: string; bold: boolean; tall: boolean }[] = [];
  const flush = (): void => {
    if (band.length === 0) return;
    printer.add(rasterizeLines(band, { columns: layout.columns, widthDots: dots, glyphs }));
    band = [];
  };
  for (const block of layout.blocks) {
    if (block.kind === 'text') {
      band.push(block);
      if (band.length >= 8) flush(); // bands of ~8 lines keep each GS v 0 small
      continue;
    }
    flush();
    if (block.kind === 'barcode') appendBarcode(printer, block.data, true);
    else if (block.kind === 'qr') appendQr(printer, block.data, true);
  }
  flush();
}

/** Lay a receipt out for the paper width and encode it. */
export function encodeReceipt(doc: ReceiptDocument, opts: EncodeOptions): Buffer {
  return encodeLayout(layoutReceipt(doc, columnsForPaper(opts.paperWidth)), opts);
}
