// A streaming ESC/POS parser: splits a byte stream into commands and text runs, knowing
// the length of every command the till sends (including the ones that carry binary
// data: GS v 0 raster, GS k barcodes, GS ( k QR), so a 0x10 0x04 inside image data is
// never mistaken for a DLE EOT status request. Used by the virtual printer (to answer
// status and cut receipts) and by the test decoder (tests/support/escpos-decoder.ts).
// Epson ESC/POS only; Star Line Mode is not parsed.

export type EscPosCommand =
  /** Printable bytes between commands, undecoded (encoding depends on FS & / FS .). */
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'lf' }
  | { type: 'cr' }
  | { type: 'ht' }
  | { type: 'init' } // ESC @
  | { type: 'bold'; on: boolean } // ESC E n
  | { type: 'print_mode'; n: number } // ESC ! n (bit 4 double height, bit 5 double width, bit 3 bold)
  | { type: 'size'; n: number } // GS ! n
  | { type: 'align'; n: number } // ESC a n
  | { type: 'code_page'; n: number } // ESC t n
  | { type: 'intl_charset'; n: number } // ESC R n
  | { type: 'feed_lines'; n: number } // ESC d n
  | { type: 'feed_dots'; n: number } // ESC J n
  | { type: 'line_spacing'; n: number | null } // ESC 3 n / ESC 2
  | { type: 'drawer_kick'; pin: number; t1: number; t2: number; raw: Uint8Array } // ESC p m t1 t2
  | { type: 'cut'; m: number; n: number | null } // GS V m [n]
  | { type: 'kanji_on' } // FS &
  | { type: 'kanji_off' } // FS .
  | { type: 'status_request'; n: number } // DLE EOT n
  | { type: 'realtime_pulse'; pin: number; units: number } // DLE DC4 1 m t (t × 100 ms)
  | { type: 'barcode'; symbology: number; data: Uint8Array } // GS k m ...
  | { type: 'barcode_setting'; cmd: string; n: number } // GS H / GS f / GS w / GS h
  | { type: 'qr'; fn: number; data: Uint8Array } // GS ( k pL pH cn fn ...
  | { type: 'raster'; mode: number; widthBytes: number; height: number; data: Uint8Array } // GS v 0
  | { type: 'other'; bytes: Uint8Array };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Fixed total lengths of ESC x commands (including ESC and x) that take plain arguments. */
const ESC_LENGTHS: Record<number, number> = {
  0x20: 3, // ESC SP n
  0x21: 3, // ESC ! n
  0x24: 4, // ESC $ nL nH
  0x2d: 3, // ESC - n
  0x32: 2, // ESC 2
  0x33: 3, // ESC 3 n
  0x3d: 3, // ESC = n
  0x3f: 3, // ESC ? n
  0x40: 2, // ESC @
  0x44: 2, // ESC D ... NUL (handled specially below)
  0x45: 3, // ESC E n
  0x47: 3, // ESC G n
  0x4a: 3, // ESC J n
  0x4d: 3, // ESC M n
  0x52: 3, // ESC R n
  0x54: 3, // ESC T n
  0x56: 3, // ESC V n
  0x61: 3, // ESC a n
  0x63: 4, // ESC c 3 n / ESC c 4 n / ESC c 5 n
  0x64: 3, // ESC d n
  0x70: 5, // ESC p m t1 t2
  0x74: 3, // ESC t n
  0x7b: 3, // ESC { n
};

/** Fixed total lengths of GS x commands with plain arguments. */
const GS_LENGTHS: Record<number, number> = {
  0x21: 3, // GS ! n
  0x42: 3, // GS B n
  0x48: 3, // GS H n
  0x4c: 4, // GS L nL nH
  0x57: 4, // GS W nL nH
  0x61: 3, // GS a n
  0x62: 3, // GS b n
  0x66: 3, // GS f n
  0x68: 3, // GS h n
  0x72: 3, // GS r n
  0x77: 3, // GS w n
};

/** Result of parsing: the complete commands, and how many bytes were consumed. */
export interface ParseResult {
  commands: EscPosCommand[];
  /** Bytes consumed; the rest is an incomplete command waiting for more data. */
  consumed: number;
}

/**
 * Parse as many complete commands as `bytes` holds. Text runs are split at every
 * command. Call again with the unconsumed tail plus new data.
 */
export function parseEscPos(bytes: Uint8Array): ParseResult {
  const commands: EscPosCommand[] = [];
  let i = 0;
  let textStart = -1;
  const flushText = (end: number): void => {
    if (textStart >= 0 && end > textStart) {
      commands.push({ type: 'text', bytes: bytes.slice(textStart, end) });
    }
    textStart = -1;
  };
  const n = bytes.length;
  const at = (k: number): number => bytes[k] ?? 0;

  while (i < n) {
    const b = at(i);
    if (b >= 0x20 || b === 0x7f) {
      if (textStart < 0) textStart = i;
      i += 1;
      continue;
    }
    // A control byte: end the text run, parse the command (or stop if incomplete).
    const start = i;
    let len: number; // total length of the command
    let cmd: EscPosCommand | null = null;
    if (b === 0x0a) {
      len = 1;
      cmd = { type: 'lf' };
    } else if (b === 0x0d) {
      len = 1;
      cmd = { type: 'cr' };
    } else if (b === 0x09) {
      len = 1;
      cmd = { type: 'ht' };
    } else if (b === DLE) {
      if (n - i < 2) break;
      if (at(i + 1) === 0x04) {
        if (n - i < 3) break;
        len = 3;
        cmd = { type: 'status_request', n: at(i + 2) };
      } else if (at(i + 1) === 0x14) {
        if (n - i < 5) break; // DLE DC4 fn m t (real-time pulse / power-off)
        len = 5;
        if (at(i + 2) === 0x01) cmd = { type: 'realtime_pulse', pin: at(i + 3), units: at(i + 4) };
      } else {
        len = 3; // DLE ENQ n and friends
        if (n - i < 3) break;
      }
    } else if (b === ESC) {
      if (n - i < 2) break;
      const x = at(i + 1);
      if (x === 0x2a) {
        // ESC * m nL nH d1..dk: bit image, k = (nL + 256 nH) × (m < 2 ? 1 : 3)
        if (n - i < 5) break;
        const dots = at(i + 3) + 256 * at(i + 4);
        len = 5 + dots * (at(i + 2) < 2 ? 1 : 3);
      } else if (x === 0x44) {
        // ESC D n1..nk NUL: tab positions
        const end = bytes.indexOf(0, i + 2);
        if (end < 0) break;
        len = end - i + 1;
      } else {
        len = ESC_LENGTHS[x] ?? 2;
      }
      if (n - i < len) break;
      const a1 = at(i + 2);
      if (x === 0x40) cmd = { type: 'init' };
      else if (x === 0x45) cmd = { type: 'bold', on: (a1 & 1) === 1 };
      else if (x === 0x21) cmd = { type: 'print_mode', n: a1 };
      else if (x === 0x61) cmd = { type: 'align', n: a1 };
      else if (x === 0x74) cmd = { type: 'code_page', n: a1 };
      else if (x === 0x52) cmd = { type: 'intl_charset', n: a1 };
      else if (x === 0x64) cmd = { type: 'feed_lines', n: a1 };
      else if (x === 0x4a) cmd = { type: 'feed_dots', n: a1 };
      else if (x === 0x33) cmd = { type: 'line_spacing', n: a1 };
      else if (x === 0x32) cmd = { type: 'line_spacing', n: null };
      else if (x === 0x70) {
        cmd = {
          type: 'drawer_kick',
          pin: a1,
          t1: at(i + 3),
          t2: at(i + 4),
          raw: bytes.slice(i, i + 5),
        };
      }
    } else if (b === GS) {
      if (n - i < 2) break;
      const x = at(i + 1);
      if (x === 0x56) {
        // GS V m [n]: m 0,1,48,49 have no n; 65,66,97,98,103,104 have n
        if (n - i < 3) break;
        const m = at(i + 2);
        const hasN = m >= 65;
        len = hasN ? 4 : 3;
        if (n - i < len) break;
        cmd = { type: 'cut', m, n: hasN ? at(i + 3) : null };
      } else if (x === 0x6b) {
        // GS k m: m 0..6 data NUL-terminated; m 65..79 length-prefixed
        if (n - i < 3) break;
        const m = at(i + 2);
        if (m <= 6) {
          const end = bytes.indexOf(0, i + 3);
          if (end < 0) break;
          len = end - i + 1;
          cmd = { type: 'barcode', symbology: m, data: bytes.slice(i + 3, end) };
        } else {
          if (n - i < 4) break;
          const k = at(i + 3);
          len = 4 + k;
          if (n - i < len) break;
          cmd = { type: 'barcode', symbology: m, data: bytes.slice(i + 4, i + 4 + k) };
        }
      } else if (x === 0x28) {
        // GS ( X pL pH ...: length-prefixed family (QR is GS ( k)
        if (n - i < 5) break;
        const p = at(i + 3) + 256 * at(i + 4);
        len = 5 + p;
        if (n - i < len) break;
        if (at(i + 2) === 0x6b && p >= 2) {
          cmd = { type: 'qr', fn: at(i + 6), data: bytes.slice(i + 8, i + len) };
        }
      } else if (x === 0x76) {
        // GS v 0 m xL xH yL yH d1..dk: raster image, k = (xL + 256 xH) × (yL + 256 yH)
        if (n - i < 8) break;
        const widthBytes = at(i + 4) + 256 * at(i + 5);
        const height = at(i + 6) + 256 * at(i + 7);
        len = 8 + widthBytes * height;
        if (n - i < len) break;
        cmd = {
          type: 'raster',
          mode: at(i + 3),
          widthBytes,
          height,
          data: bytes.slice(i + 8, i + len),
        };
      } else {
        len = GS_LENGTHS[x] ?? 2;
        if (n - i < len) break;
        const a1 = at(i + 2);
        if (x === 0x21) cmd = { type: 'size', n: a1 };
        else if (x === 0x48) cmd = { type: 'barcode_setting', cmd: 'H', n: a1 };
        else if (x === 0x66) cmd = { type: 'barcode_setting', cmd: 'f', n: a1 };
        else if (x === 0x77) cmd = { type: 'barcode_setting', cmd: 'w', n: a1 };
        else if (x === 0x68) cmd = { type: 'barcode_setting', cmd: 'h', n: a1 };
      }
    } else if (b === FS) {
      if (n - i < 2) break;
      const x = at(i + 1);
      if (x === 0x26) {
        len = 2;
        cmd = { type: 'kanji_on' };
      } else if (x === 0x2e) {
        len = 2;
        cmd = { type: 'kanji_off' };
      } else {
        len = 3; // FS ! n, FS - n, FS C n, FS W n
        if (n - i < 3) break;
      }
    } else {
      len = 1; // other C0 byte (VT, FF, NUL …)
    }
    flushText(start);
    commands.push(cmd ?? { type: 'other', bytes: bytes.slice(start, start + len) });
    i = start + len;
  }
  // A text run at the very end is complete (text has no terminator); an incomplete
  // command stops the loop with i at its start.
  if (i >= n) flushText(n);
  else flushText(i);
  return { commands, consumed: i };
}

/** Incremental wrapper: feed chunks as they arrive, get the commands completed so far. */
export class EscPosStream {
  private pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): EscPosCommand[] {
    const all = new Uint8Array(this.pending.length + chunk.length);
    all.set(this.pending, 0);
    all.set(chunk, this.pending.length);
    const { commands, consumed } = parseEscPos(all);
    this.pending = all.slice(consumed);
    return commands;
  }

  /** Bytes held back as an incomplete command. */
  get pendingBytes(): number {
    return this.pending.length;
  }
}
