// The print service the host exposes (Electron IPC and the WebSocket bridge wrap these):
// status, print, drawer. Every function validates its input with zod, never throws, and
// answers `{ ok: true, value } | { ok: false, error: { code, message } }` with a message a
// cashier can act on. Each step has a timeout (printTarget.timeouts).
//
// Print order on one TCP connection: DLE EOT 1/2/4 → refuse if paper out / cover open /
// offline (nothing is sent, so a real printer cannot buffer the job and print it later
// behind our back while the till retries it) → job bytes → DLE EOT 1/2/4 again: the
// answer comes after the printer has taken the job. Once a ready printer has taken the
// job it is the printer's: if paper runs out during it, an ESC/POS printer keeps the rest
// in its buffer and finishes the receipt when paper is loaded. So that answer is ok with
// a `warning` (sending the job again would print it twice); the NEXT job then waits.
import { z } from 'zod';
import type { ReceiptDocument } from '../../domain/receipt';
import type { HostErrorCode } from '../contract/till-host';
import { drawerKickBytes, encodeReceipt } from './escpos-encoder';
import {
  blockingProblem,
  isStatusByte,
  PRINT_ERROR_MESSAGES,
  statusFromBytes,
  type PrintErrorCode,
  type PrinterStatusReport,
} from './printer-status';
import {
  parseTcpAddress,
  printTargetSchema,
  type PrintTarget,
  type PrintTargetInput,
} from './printer-target';
import { loadSystemGlyphs, type GlyphSource } from './raster';
import { receiptDocumentSchema } from './receipt-document-schema';
import { PrinterConnection, PrinterConnectionError } from './tcp-connection';

/** Warning of a job the printer took but did not confirm. */
export const UNCONFIRMED_WARNING =
  'The printer stopped answering right after taking this receipt — if it did not come out, reprint it';

export interface PrintError {
  code: PrintErrorCode | 'invalid_request';
  message: string;
  /** Last status read, when there was one. */
  status?: PrinterStatusReport;
}
export type PrintResult<T> = { ok: true; value: T } | { ok: false; error: PrintError };

/** What a successful print answers. */
export interface PrintedInfo {
  bytesSent: number;
  /** Status read after the job was taken. */
  status: PrinterStatusReport;
  /**
   * Set when the printer stopped during this job (it finishes it once fixed), or did not
   * confirm it ({@link UNCONFIRMED_WARNING}). For the log and the cashier; never a reason
   * to send the job again.
   */
  warning: string | null;
}

const fail = <T>(
  code: PrintError['code'],
  message?: string,
  status?: PrinterStatusReport,
): PrintResult<T> => ({
  ok: false,
  error: {
    code,
    message:
      message ??
      (code === 'invalid_request' ? 'Invalid print request' : PRINT_ERROR_MESSAGES[code]),
    ...(status ? { status } : {}),
  },
});

function parseTarget(input: unknown): PrintResult<PrintTarget> {
  const r = printTargetSchema.safeParse(input);
  if (!r.success) {
    return fail(
      'invalid_request',
      `Printer settings: ${r.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return { ok: true, value: r.data };
}

async function readStatus(
  conn: PrinterConnection,
  target: PrintTarget,
): Promise<PrinterStatusReport> {
  const b1 = await conn.status(1, target.timeouts.statusMs);
  const b2 = await conn.status(2, target.timeouts.statusMs);
  const b4 = await conn.status(4, target.timeouts.statusMs);
  for (const b of [b1, b2, b4]) {
    if (!isStatusByte(b)) {
      throw new PrinterConnectionError(
        'status',
        `Printer answered 0x${b.toString(16)}, not a status byte`,
      );
    }
  }
  return statusFromBytes(b1, b2, b4);
}

function connectionFailure<T>(err: unknown): PrintResult<T> {
  if (err instanceof PrinterConnectionError) {
    return fail('unreachable', `${PRINT_ERROR_MESSAGES.unreachable} (${err.message})`);
  }
  return fail('printer_error', `${PRINT_ERROR_MESSAGES.printer_error} (${String(err)})`);
}

/**
 * Run `body` on a fresh connection with the status checked first. STAR printers in line
 * mode do not speak DLE EOT: they are printed to without a status check.
 */
async function withPrinter<T>(
  target: PrintTarget,
  body: (conn: PrinterConnection, status: PrinterStatusReport | null) => Promise<PrintResult<T>>,
): Promise<PrintResult<T>> {
  const { host, port } = parseTcpAddress(target.address);
  let conn: PrinterConnection;
  try {
    conn = await PrinterConnection.open(host, port, target.timeouts.connectMs);
  } catch (err) {
    return connectionFailure(err);
  }
  try {
    const status = target.brand === 'EPSON' ? await readStatus(conn, target) : null;
    return await body(conn, status);
  } catch (err) {
    return connectionFailure(err);
  } finally {
    await conn.close();
  }
}

/** DLE EOT 1, 2, 4 → what the printer says about itself. */
export async function getPrinterStatus(
  targetInput: PrintTargetInput,
): Promise<PrintResult<PrinterStatusReport>> {
  const t = parseTarget(targetInput);
  if (!t.ok) return t;
  if (t.value.brand !== 'EPSON') {
    return fail(
      'printer_error',
      'Status is read with DLE EOT, which only EPSON-mode printers answer',
    );
  }
  return withPrinter(t.value, async (_conn, status) => ({
    ok: true,
    value: status as PrinterStatusReport,
  }));
}

/** Send ready-made bytes, checking status before and after. */
export async function printJob(
  targetInput: PrintTargetInput,
  bytes: Uint8Array,
): Promise<PrintResult<PrintedInfo>> {
  const t = parseTarget(targetInput);
  if (!t.ok) return t;
  const target = t.value;
  if (bytes.length === 0) return fail('invalid_request', 'Nothing to print');
  return withPrinter(target, async (conn, before) => {
    if (before) {
      const problem = blockingProblem(before);
      if (problem) return fail(problem, undefined, before);
    }
    await conn.write(bytes, target.timeouts.writeMs);
    if (!before) {
      const idle = {
        online: true,
        coverOpen: false,
        paperEnd: false,
        paperNearEnd: false,
        drawerOpen: false,
        error: false,
      };
      return { ok: true, value: { bytesSent: bytes.length, status: idle, warning: null } };
    }
    // Status after the job: the answer follows the job bytes on the same stream, so it
    // confirms the printer received all of them.
    let after: PrinterStatusReport;
    try {
      after = await readStatus(conn, target);
    } catch {
      // The bytes were handed over but the printer went away before confirming (switched
      // off or restarted right after the cut, most often). Sending again would print a
      // second receipt whenever it did print, so this is the at-most-once side of the edge:
      // ok, unconfirmed, with a sentence telling the cashier to reprint if nothing came out.
      return {
        ok: true,
        value: {
          bytesSent: bytes.length,
          status: before,
          warning: UNCONFIRMED_WARNING,
        },
      };
    }
    const problem = blockingProblem(after);
    const warning = problem
      ? `${PRINT_ERROR_MESSAGES[problem]} (the printer stopped during this receipt and finishes it by itself)`
      : null;
    return { ok: true, value: { bytesSent: bytes.length, status: after, warning } };
  });
}

export const printReceiptInputSchema = z.object({
  target: printTargetSchema,
  document: receiptDocumentSchema,
  /** Kick the drawer with this receipt (cash tender). Needs a drawer in the target. */
  openDrawer: z.boolean().default(false),
});
export type PrintReceiptInput = z.input<typeof printReceiptInputSchema>;

/** Encode a receipt document for the target's paper/profile/brand and print it. */
export async function printReceipt(
  input: PrintReceiptInput,
  deps: { glyphs?: GlyphSource | null } = {},
): Promise<PrintResult<PrintedInfo>> {
  const parsed = printReceiptInputSchema.safeParse(input);
  if (!parsed.success) {
    return fail(
      'invalid_request',
      `Receipt: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const { target, document, openDrawer } = parsed.data;
  let bytes: Buffer;
  try {
    const glyphs = target.profile === 'raster' ? (deps.glyphs ?? loadSystemGlyphs()) : null;
    if (target.profile === 'raster' && glyphs === null) {
      return fail(
        'printer_error',
        'This printer is set to raster printing but no bitmap font is installed (Debian package "unifont"); switch the printer profile to text or install the font',
      );
    }
    bytes = encodeReceipt(document as ReceiptDocument, {
      brand: target.brand,
      paperWidth: target.paperWidth,
      profile: target.profile,
      drawer: openDrawer ? target.drawer : null,
      glyphs,
    });
  } catch (err) {
    return fail(
      'printer_error',
      `The receipt could not be prepared for this printer: ${String((err as Error).message ?? err)}`,
    );
  }
  return printJob(target, bytes);
}

/**
 * Open the cash drawer. Online → ESC p (1B 70 m t1 t2). When the printer is offline (paper
 * out, cover open) ESC p would wait in its buffer, so the real-time pulse DLE DC4 1 m t
 * (10 14 01 m t, t × 100 ms) is sent instead: a cashier can still give change.
 */
export async function openCashDrawer(
  targetInput: PrintTargetInput,
): Promise<PrintResult<{ via: 'esc_p' | 'realtime_pulse' }>> {
  const t = parseTarget(targetInput);
  if (!t.ok) return t;
  const target = t.value;
  const drawer = target.drawer;
  if (drawer === null) return fail('invalid_request', 'No cash drawer is set up on this printer');
  return withPrinter<{ via: 'esc_p' | 'realtime_pulse' }>(target, async (conn, status) => {
    if (status && blockingProblem(status)) {
      const units = Math.min(8, Math.max(1, Math.round(drawer.pulseMs / 100)));
      await conn.write(
        Buffer.from([0x10, 0x14, 0x01, drawer.pin === 2 ? 0x00 : 0x01, units]),
        target.timeouts.writeMs,
      );
      return { ok: true, value: { via: 'realtime_pulse' as const } };
    }
    await conn.write(drawerKickBytes(drawer, target.brand), target.timeouts.writeMs);
    return { ok: true, value: { via: 'esc_p' as const } };
  });
}

/** The TillHost contract's error code for a print error (for the bridge / IPC wrappers). */
export function hostErrorCodeFor(code: PrintError['code']): HostErrorCode {
  switch (code) {
    case 'paper_out':
      return 'printer_out_of_paper';
    case 'cover_open':
      return 'printer_cover_open';
    case 'offline':
    case 'unreachable':
      return 'printer_offline';
    case 'printer_error':
      return 'printer_error';
    case 'invalid_request':
      return 'invalid_request';
  }
}
