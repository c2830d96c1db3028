// How the spooler reaches a printer: one call, one answer, never a throw. helper-6's
// TillHost client implements it (tillHostPrintPort below adapts any TillHost); tests use
// a fake. The answer's code tells the spooler whether the PRINTER is unavailable (stop and
// keep the queue in order) or only THIS job cannot print (skip it this round).
import type { ReceiptDocument } from '../../domain/receipt';
import type { HostErrorCode, TillHost } from '../../hardware/contract/till-host';

export interface PrintRequest {
  /** The persisted print job id; the host prints a given id at most once (print-once). */
  jobId: string;
  document: ReceiptDocument;
  copy: boolean;
}

/**
 * Why a job waits.
 * - paper_out / cover_open / offline / unreachable / printer_error: the printer says so.
 * - no_answer: the host did not answer in time or the connection dropped; the receipt MAY
 *   have printed. Retried with the same job id, which the host de-duplicates.
 * - not_configured: no receipt printer is set up.
 * - rejected: the host refused this job (invalid document, internal error); later jobs go on.
 */
export type PrintWaitCode =
  | 'paper_out'
  | 'cover_open'
  | 'offline'
  | 'unreachable'
  | 'printer_error'
  | 'no_answer'
  | 'not_configured'
  | 'rejected';

/**
 * ok: the host printed it (or the printer took it). `warning`, when present, is a sentence
 * for the cashier about this receipt (e.g. the printer did not confirm it) — never a reason
 * to print again.
 */
export type PrintPortResult =
  { ok: true; warning?: string | null } | { ok: false; code: PrintWaitCode; message: string };

export interface PrintPort {
  print(request: PrintRequest): Promise<PrintPortResult>;
}

/** Codes that mean the printer (not the job) is the problem: the queue stops behind them. */
export const PRINTER_LEVEL_CODES: ReadonlySet<PrintWaitCode> = new Set([
  'paper_out',
  'cover_open',
  'offline',
  'unreachable',
  'printer_error',
  'no_answer',
  'not_configured',
]);

/** Cashier-readable reason for each code, used when the host sent no message. */
export const WAIT_MESSAGES: Record<PrintWaitCode, string> = {
  paper_out: 'Printer out of paper — the receipt will print when paper is loaded',
  cover_open: 'Printer cover is open — close it and the receipt will print',
  offline: 'Printer is offline — the receipt will print when it is back',
  unreachable: 'Cannot reach the printer — the receipt will print when it answers',
  printer_error: 'Printer reports an error — switch it off and on; the receipt will print after',
  no_answer: 'The printer did not confirm this receipt — it will be sent again (never twice)',
  not_configured: 'No receipt printer is set up — choose one in Settings',
  rejected: 'This receipt could not be printed — ask a manager to reprint it',
};

function codeFor(host: HostErrorCode): PrintWaitCode {
  switch (host) {
    case 'printer_out_of_paper':
      return 'paper_out';
    case 'printer_cover_open':
      return 'cover_open';
    case 'printer_offline':
      return 'offline';
    case 'printer_error':
      return 'printer_error';
    case 'timeout':
    case 'transport_closed':
      return 'no_answer';
    case 'not_configured':
      return 'not_configured';
    default:
      return 'rejected';
  }
}

/** A PrintPort over the TillHost contract (Electron IPC or the hardware bridge). */
export function tillHostPrintPort(
  host: Pick<TillHost, 'printerPrint'>,
  printerId: string | null = null,
): PrintPort {
  return {
    async print(request) {
      try {
        const reply = await host.printerPrint({
          jobId: request.jobId,
          printerId,
          job: {
            kind: 'receipt',
            document: request.document as unknown as Record<string, unknown>,
            copy: request.copy,
          },
        });
        if (reply.ok) return { ok: true, warning: reply.value.warning };
        return { ok: false, code: codeFor(reply.error.code), message: reply.error.message };
      } catch (err) {
        // TillHost promises never to throw; if one does, treat it as an unanswered call.
        return {
          ok: false,
          code: 'no_answer',
          message: `${WAIT_MESSAGES.no_answer} (${String(err)})`,
        };
      }
    },
  };
}
