// Raster fallback for printers with no Chinese font: receipt lines drawn into a 1-bit
// image and sent as GS v 0. Node has no canvas here, so glyphs come from a bitmap font in
// GNU Unifont's .hex format (every BMP character as 8×16 or 16×16 bits; Debian package
// `unifont` installs /usr/share/unifont/unifont.hex). Each glyph is scaled ×1.5 by
// nearest neighbour into the printer's 12×24-dot cell, so a raster receipt has the same
// 32 / 48 columns as a text one. A character the font lacks is drawn as an empty box.
import { existsSync, readFileSync } from 'node:fs';
import { codePointWidth } from '../../domain/receipt';

export interface Glyph {
  /** 8 (half width) or 16 (full width) pixels. */
  width: 8 | 16;
  /** 16 rows, width / 8 bytes each, MSB = leftmost pixel. */
  rows: Uint8Array;
}

export interface GlyphSource {
  glyph(codePoint: number): Glyph | null;
}

/** Parse Unifont .hex text ("4E00:0080008…" per line). */
export function parseHexFont(text: string): GlyphSource {
  const map = new Map<number, Glyph>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    const cp = Number.parseInt(line.slice(0, colon), 16);
    const hex = line.slice(colon + 1).trim();
    if (!Number.isFinite(cp) || (hex.length !== 32 && hex.length !== 64)) continue;
    map.set(cp, {
      width: hex.length === 32 ? 8 : 16,
      rows: Uint8Array.from(Buffer.from(hex, 'hex')),
    });
  }
  return { glyph: (cp) => map.get(cp) ?? null };
}

/** Where a Unifont .hex file is looked for, first hit wins (TILL_RASTER_FONT overrides). */
export const HEX_FONT_PATHS = [
  '/usr/share/unifont/unifont.hex',
  '/usr/local/share/unifont/unifont.hex',
];

const fontCache = new Map<string, GlyphSource>();

/** Load the system bitmap font, or null when none is installed (raster printing then fails clearly). */
export function loadSystemGlyphs(
  paths: readonly string[] = [process.env.TILL_RASTER_FONT ?? '', ...HEX_FONT_PATHS],
): GlyphSource | null {
  for (const p of paths) {
    if (p === '' || !existsSync(p)) continue;
    let g = fontCache.get(p);
    if (g === undefined) {
      g = parseHexFont(readFileSync(p, 'latin1'));
      fontCache.set(p, g);
    }
    return g;
  }
  return null;
}

/** A 1-bit image, rows of `widthBytes` bytes, MSB = leftmost dot, 1 = black. */
export class Bitmap {
  readonly data: Uint8Array;
  constructor(
    readonly widthBytes: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(widthBytes * height);
  }
  set(x: number, y: number): void {
    if (x < 0 || y < 0 || x >= this.widthBytes * 8 || y >= this.height) return;
    const i = y * this.widthBytes + (x >> 3);
    this.data[i] = (this.data[i] ?? 0) | (0x80 >> (x & 7));
  }
  get(x: number, y: number): boolean {
    const i = y * this.widthBytes + (x >> 3);
    return ((this.data[i] ?? 0) & (0x80 >> (x & 7))) !== 0;
  }
}

const CELL_W = 12; // dots per column (12×24 font cell)
const CELL_H = 24;
const LINE_GAP = 6; // dots between lines, like ESC 2's default 30-dot pitch

/** Draw one glyph (or a box when missing) with its top-left at (x0, y0). */
function drawGlyph(
  bmp: Bitmap,
  glyph: Glyph | null,
  cells: 1 | 2,
  x0: number,
  y0: number,
  style: { bold: boolean; tall: boolean },
): void {
  const w = CELL_W * cells;
  const h = CELL_H * (style.tall ? 2 : 1);
  if (glyph === null) {
    for (let x = 1; x < w - 1; x++) {
      bmp.set(x0 + x, y0 + 2);
      bmp.set(x0 + x, y0 + h - 3);
    }
    for (let y = 2; y < h - 2; y++) {
      bmp.set(x0 + 1, y0 + y);
      bmp.set(x0 + w - 2, y0 + y);
    }
    return;
  }
  const bytesPerRow = glyph.width / 8;
  for (let y = 0; y < h; y++) {
    const gy = Math.floor((y * 16) / h);
    for (let x = 0; x < w; x++) {
      const gx = Math.floor((x * glyph.width) / w);
      const byte = glyph.rows[gy * bytesPerRow + (gx >> 3)] ?? 0;
      if ((byte & (0x80 >> (gx & 7))) !== 0) {
        bmp.set(x0 + x, y0 + y);
        if (style.bold) bmp.set(x0 + x + 1, y0 + y);
      }
    }
  }
}

/** Draw receipt lines into a bitmap `widthDots` wide, one 12-dot cell per display column. */
export function drawLines(
  lines: readonly { text: string; bold: boolean; tall: boolean }[],
  opts: { columns: number; widthDots: number; glyphs: GlyphSource },
): Bitmap {
  const widthBytes = Math.ceil(opts.widthDots / 8);
  const height = lines.reduce((h, l) => h + CELL_H * (l.tall ? 2 : 1) + LINE_GAP, 0);
  const bmp = new Bitmap(widthBytes, Math.max(1, height));
  const left = Math.max(0, Math.floor((opts.widthDots - opts.columns * CELL_W) / 2));
  let y = 0;
  for (const line of lines) {
    let col = 0;
    for (const ch of line.text) {
      const cp = ch.codePointAt(0) ?? 0;
      const cells = codePointWidth(cp);
      if (cells === 0) continue;
      if (col + cells > opts.columns) break;
      if (cp !== 0x20) drawGlyph(bmp, opts.glyphs.glyph(cp), cells, left + col * CELL_W, y, line);
      col += cells;
    }
    y += CELL_H * (line.tall ? 2 : 1) + LINE_GAP;
  }
  return bmp;
}

/** GS v 0 m xL xH yL yH d1…dk for a bitmap (m = 0, normal density). */
export function rasterCommand(bmp: Bitmap): Buffer {
  const header = Buffer.from([
    0x1d,
    0x76,
    0x30,
    0x00,
    bmp.widthBytes & 0xff,
    bmp.widthBytes >> 8,
    bmp.height & 0xff,
    bmp.height >> 8,
  ]);
  return Buffer.concat([header, Buffer.from(bmp.data)]);
}

/** Draw lines and frame them as one GS v 0 image. */
export function rasterizeLines(
  lines: readonly { text: string; bold: boolean; tall: boolean }[],
  opts: { columns: number; widthDots: number; glyphs: GlyphSource },
): Buffer {
  return rasterCommand(drawLines(lines, opts));
}
