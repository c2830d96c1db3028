// Real-time status over ESC/POS: DLE EOT n (10 04 n) answers one byte even when the
// printer is offline. Fixed bits: bit 1 and bit 4 are 1, bits 0 and 7 are 0 (0x12 base),
// which lets us tell a status byte from noise.
//   n = 1 printer:        bit 3 offline, bit 2 drawer sensor (pin 3 high → drawer open)
//   n = 2 offline cause:  bit 2 cover open, bit 3 feed button, bit 5 paper end stop, bit 6 error
//   n = 4 paper sensor:   bits 2+3 roll near end, bits 5+6 roll end
import { z } from 'zod';

export const STATUS_QUERIES = [1, 2, 4] as const;

export const printerStatusReportSchema = z.object({
  online: z.boolean(),
  coverOpen: z.boolean(),
  paperEnd: z.boolean(),
  paperNearEnd: z.boolean(),
  drawerOpen: z.boolean(),
  error: z.boolean(),
});
export type PrinterStatusReport = z.infer<typeof printerStatusReportSchema>;

/** True when `b` has the fixed bits of a DLE EOT answer. */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** Decode the three answers (n = 1, 2, 4). */
export function statusFromBytes(
  printer: number,
  cause: number,
  paper: number,
): PrinterStatusReport {
  return {
    online: (printer & 0x08) === 0,
    drawerOpen: (printer & 0x04) !== 0,
    coverOpen: (cause & 0x04) !== 0,
    paperEnd: (cause & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    error: (cause & 0x40) !== 0,
  };
}

/** The bytes a printer in `status` answers to n = 1, 2, 4 (used by the virtual printer). */
export function statusBytes(
  s: PrinterStatusReport & { offline?: boolean },
): Record<1 | 2 | 4, number> {
  const offline = !s.online || s.coverOpen || s.paperEnd || s.error;
  return {
    1: 0x12 | (offline ? 0x08 : 0) | (s.drawerOpen ? 0x04 : 0),
    2: 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperEnd ? 0x20 : 0) | (s.error ? 0x40 : 0),
    4: 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0),
  };
}

export type PrintErrorCode =
  'paper_out' | 'offline' | 'cover_open' | 'unreachable' | 'printer_error';

/** Messages a cashier can act on, one per code. */
export const PRINT_ERROR_MESSAGES: Record<PrintErrorCode, string> = {
  paper_out: 'Printer out of paper — the receipt will print when paper is loaded',
  cover_open: 'Printer cover is open — close it and the receipt will print',
  offline: 'Printer is offline — check its power and the receipt will print when it is back',
  unreachable:
    'Cannot reach the printer — check its cable or network; the receipt will print when it answers',
  printer_error: 'Printer reports an error — switch it off and on; the receipt will print after',
};

/** Why a printer in this state cannot print, or null when it can. Paper first: the most common. */
export function blockingProblem(s: PrinterStatusReport): PrintErrorCode | null {
  if (s.paperEnd) return 'paper_out';
  if (s.coverOpen) return 'cover_open';
  if (s.error) return 'printer_error';
  if (!s.online) return 'offline';
  return null;
}
