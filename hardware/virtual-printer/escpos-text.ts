// Turns parsed ESC/POS commands back into what a person would read on the paper:
// text lines (GB18030 in Chinese mode after FS &, code page 437 after FS .), the
// barcodes and QR codes, drawer kicks, and one entry per cut receipt.
import iconv from 'iconv-lite';
import { parseEscPos, type EscPosCommand } from './escpos-parser';

export interface DecodedReceipt {
  /** Printed text lines, in order (a line ends at LF). */
  lines: string[];
  /** Lines printed bold or double height, by index into `lines`. */
  emphasised: number[];
  barcodes: string[];
  qrCodes: string[];
  drawerKicks: { pin: number; t1: number; t2: number; hex: string }[];
  rasterImages: { widthBytes: number; height: number }[];
  /** True when this receipt ended with a cut (GS V). */
  cut: boolean;
}

export interface DecodedStream {
  commands: EscPosCommand[];
  /** Receipts split at each cut; the last one may be uncut. Empty trailing parts are dropped. */
  receipts: DecodedReceipt[];
  /** All text lines of the stream. */
  lines: string[];
  statusRequests: number[];
}

const hex = (b: Uint8Array): string =>
  [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

function emptyReceipt(): DecodedReceipt {
  return {
    lines: [],
    emphasised: [],
    barcodes: [],
    qrCodes: [],
    drawerKicks: [],
    rasterImages: [],
    cut: false,
  };
}

/**
 * Decode commands. `chineseMode` is the printer's power-on state (Chinese printers
 * usually start in it); FS & / FS . switch it.
 */
export function decodeCommands(
  commands: readonly EscPosCommand[],
  opts: { chineseMode?: boolean } = {},
): DecodedStream {
  let kanji = opts.chineseMode ?? true;
  let bold = false;
  let tall = false;
  const receipts: DecodedReceipt[] = [];
  const statusRequests: number[] = [];
  let current = emptyReceipt();
  let line = '';
  let lineEmphasised = false;
  let pendingText: number[] = [];

  const flushText = (): void => {
    if (pendingText.length === 0) return;
    const buf = Buffer.from(pendingText);
    line += kanji ? iconv.decode(buf, 'gb18030') : iconv.decode(buf, 'cp437');
    pendingText = [];
  };
  const endLine = (): void => {
    flushText();
    if (lineEmphasised) current.emphasised.push(current.lines.length);
    current.lines.push(line);
    line = '';
    lineEmphasised = false;
  };
  const endReceipt = (cut: boolean): void => {
    flushText();
    if (line !== '') endLine();
    current.cut = cut;
    receipts.push(current);
    current = emptyReceipt();
  };

  for (const c of commands) {
    if (c.type !== 'text') flushText();
    switch (c.type) {
      case 'text':
        pendingText.push(...c.bytes);
        if (bold || tall) lineEmphasised = true;
        break;
      case 'lf':
        endLine();
        break;
      case 'kanji_on':
        kanji = true;
        break;
      case 'kanji_off':
        kanji = false;
        break;
      case 'init':
        bold = false;
        tall = false;
        break;
      case 'bold':
        bold = c.on;
        break;
      case 'print_mode':
        bold = (c.n & 0x08) !== 0;
        tall = (c.n & 0x10) !== 0;
        break;
      case 'size':
        tall = (c.n & 0x0f) !== 0;
        break;
      case 'cut':
        endReceipt(true);
        break;
      case 'drawer_kick':
        current.drawerKicks.push({ pin: c.pin, t1: c.t1, t2: c.t2, hex: hex(c.raw) });
        break;
      case 'barcode': {
        let data = Buffer.from(c.data).toString('latin1');
        // CODE128 data starts with a code-set selector ({A {B {C).
        if (c.symbology === 73 && data.startsWith('{')) data = data.slice(2);
        current.barcodes.push(data);
        break;
      }
      case 'qr':
        if (c.fn === 0x50) current.qrCodes.push(Buffer.from(c.data).toString('utf8'));
        break;
      case 'raster':
        current.rasterImages.push({ widthBytes: c.widthBytes, height: c.height });
        break;
      case 'status_request':
        statusRequests.push(c.n);
        break;
      default:
        break;
    }
  }
  flushText();
  if (line !== '' || current.lines.length > 0 || current.drawerKicks.length > 0) {
    endReceipt(false);
  }
  const kept = receipts.filter(
    (r) =>
      r.lines.some((l) => l.trim() !== '') ||
      r.barcodes.length > 0 ||
      r.drawerKicks.length > 0 ||
      r.rasterImages.length > 0,
  );
  return {
    commands: [...commands],
    receipts: kept,
    lines: kept.flatMap((r) => r.lines),
    statusRequests,
  };
}

/** Parse and decode a complete byte stream. */
export function decodeEscPos(
  bytes: Uint8Array,
  opts: { chineseMode?: boolean } = {},
): DecodedStream {
  return decodeCommands(parseEscPos(bytes).commands, opts);
}
