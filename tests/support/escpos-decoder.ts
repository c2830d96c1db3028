// Test decoder for ESC/POS bytes: commands, GB18030 text lines, barcodes, QR codes,
// drawer kicks and cuts. The parsing itself is the virtual printer's
// (hardware/virtual-printer), so the tests and the demo read receipts the same way; the
// helpers here are the assertions the printing tests share.
import { displayWidth } from '../../domain/receipt';
import {
  decodeEscPos,
  parseEscPos,
  type DecodedReceipt,
  type DecodedStream,
  type EscPosCommand,
} from '../../hardware/virtual-printer';

export { decodeEscPos, parseEscPos };
export type { DecodedReceipt, DecodedStream, EscPosCommand };

/** Hex "1B 70 00 19 FA" of bytes. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Command types in order, e.g. ['init', 'code_page', 'kanji_on', …]. */
export function commandTypes(bytes: Uint8Array): string[] {
  return parseEscPos(bytes).commands.map((c) => c.type);
}

/** Lines that end in an amount (digits.digits), which must end exactly at the right edge. */
export function amountLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /-?\d+\.\d{2,3}$/.test(l));
}

/** Every non-empty line's display width. */
export function lineWidths(lines: readonly string[]): number[] {
  return lines.filter((l) => l !== '').map((l) => displayWidth(l));
}

/** The amount printed at the end of the first line starting with `label`, in minor units. */
export function amountAfter(lines: readonly string[], label: string, exponent = 2): number | null {
  const line = lines.find((l) => l.startsWith(label));
  const m = line ? /(-?)[^\d-]*(\d+)\.(\d+)$/.exec(line) : null;
  if (!m) return null;
  const minor = Number(`${m[2]}${(m[3] ?? '').padEnd(exponent, '0')}`);
  return m[1] === '-' ? -minor : minor;
}
