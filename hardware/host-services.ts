// The one object that implements the TillHost calls in Node (Electron main or the browser-mode
// bridge process): printing, printer status and the cash drawer through a PrinterDriver,
// device settings through the settings store, and the serial scanner, restarted whenever the
// scanner settings change. Transports (electron/ipc-router, hardware/bridge) only forward.
import type { PrinterSettings } from './contract/device-settings';
import {
  HostCallError,
  type HostEvent,
  type HostServices,
  type PrinterCondition,
  type PrinterStatus,
  type SerialPortInfo,
} from './contract/till-host';
import { createPrintOnce } from './printing/print-once';
import type { SettingsStore } from './settings/settings-store';
import type { SerialScanner, SerialScannerOptions } from './serial/serial-scanner';

/**
 * A printer that does not answer (unreachable, silent, or its status query failed): reported
 * offline rather than as an error, with the drawer unknown and no other fault claimed.
 */
export const UNREACHABLE_PRINTER: PrinterCondition = {
  online: false,
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  drawerOpen: null,
  error: false,
};

export type DriverJob =
  | { kind: 'receipt'; document: Record<string, unknown>; copy: boolean }
  | { kind: 'raw'; bytes: Uint8Array };

/**
 * The printing side, implemented over hardware/printing (ESC/POS rendering, TCP transport,
 * DLE EOT status, ESC p drawer kick): hardware/printer-driver.ts. Throw HostCallError for a
 * named failure (printer_out_of_paper, printer_offline, …) with a message for the cashier.
 */
export interface PrinterDriver {
  /**
   * Sends the job; resolves with the bytes written and a warning when the
   * printer took the job but did not confirm it (sending it again would print twice).
   */
  print(
    printer: PrinterSettings,
    job: DriverJob,
  ): Promise<{ bytes: number; warning: string | null }>;
  status(printer: PrinterSettings): Promise<PrinterCondition>;
  openDrawer(printer: PrinterSettings): Promise<void>;
}

export interface DrawerAuditEntry {
  at: string;
  printerId: string;
  reason: 'cash_tender' | 'no_sale';
  userId: string;
  saleId: string | null;
}

export interface HostServicesDeps {
  settings: SettingsStore;
  printer: PrinterDriver;
  listPorts: () => Promise<SerialPortInfo[]>;
  startScanner: (options: SerialScannerOptions) => SerialScanner;
  /** ISO-8601 clock. */
  now?: () => string;
  /** Host-side record of every drawer opening (the renderer writes the hash-chained audit). */
  onDrawerOpened?: (entry: DrawerAuditEntry) => void;
  log?: (message: string) => void;
  /** ms between printer status polls for printer:status-changed; 0 turns polling off. */
  statusPollMs?: number;
}

export interface RunningHostServices extends HostServices {
  /** Stops the scanner and the status poll. */
  close(): Promise<void>;
}

function decodeBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

export async function createHostServices(deps: HostServicesDeps): Promise<RunningHostServices> {
  const now = deps.now ?? (() => new Date().toISOString());
  const log = deps.log ?? ((m: string) => console.log(`[host] ${m}`));
  const listeners = new Set<(e: HostEvent) => void>();
  const emit = (e: HostEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch (error) {
        log(`event listener failed: ${String(error)}`);
      }
    }
  };

  async function printerFor(id: string | null): Promise<PrinterSettings> {
    const s = await deps.settings.get();
    const wanted = id ?? s.receiptPrinterId;
    if (wanted === null) {
      throw new HostCallError('not_configured', 'No receipt printer is set up (Device settings)');
    }
    const p = s.printers.find((x) => x.id === wanted);
    if (!p) throw new HostCallError('not_configured', `No printer "${wanted}" in Device settings`);
    return p;
  }

  // One conversation per printer at a time: most network receipt printers take a single
  // TCP connection on port 9100, so a status poll must not race a print or a drawer kick.
  const lanes = new Map<string, Promise<unknown>>();
  const printOnce = createPrintOnce();
  function onPrinter<T>(p: PrinterSettings, work: () => Promise<T>): Promise<T> {
    const run = (lanes.get(p.id) ?? Promise.resolve()).then(work, work);
    lanes.set(
      p.id,
      run.catch(() => {}),
    );
    return run;
  }

  async function statusOf(p: PrinterSettings): Promise<PrinterStatus> {
    const c = await onPrinter(p, () => deps.printer.status(p));
    return { ...c, printerId: p.id, checkedAt: now() };
  }

  // ---- serial scanner: one at a time, following the settings
  let scanner: SerialScanner | null = null;
  let scannerKey = '';
  async function applyScannerSettings(): Promise<void> {
    const { scanner: cfg } = await deps.settings.get();
    const key = cfg.enabled && cfg.path ? `${cfg.path}@${cfg.baudRate}` : '';
    if (key === scannerKey) return;
    scannerKey = key;
    await scanner?.stop();
    scanner = null;
    if (cfg.enabled && cfg.path) {
      scanner = deps.startScanner({
        path: cfg.path,
        baudRate: cfg.baudRate,
        now,
        onScan: (scan) => emit({ name: 'scannerScan', payload: scan }),
        onState: (state, detail) =>
          log(`scanner ${cfg.path}: ${state}${detail ? ` (${detail})` : ''}`),
        onReject: (raw, reason) =>
          log(`scanner ${cfg.path}: ignored ${JSON.stringify(raw)}: ${reason}`),
      });
    }
  }
  const offSettings = deps.settings.onChange(() => {
    void applyScannerSettings().catch((e: unknown) => log(`scanner restart failed: ${String(e)}`));
  });
  await applyScannerSettings();

  // ---- printer status poll: pushes printer:status-changed when a printer's condition changes
  const lastCondition = new Map<string, string>();
  async function pollOnce(): Promise<void> {
    const { printers } = await deps.settings.get();
    for (const p of printers) {
      let st: PrinterStatus;
      try {
        st = await statusOf(p);
      } catch {
        st = { printerId: p.id, ...UNREACHABLE_PRINTER, checkedAt: now() };
      }
      const { checkedAt: _t, ...condition } = st;
      const key = JSON.stringify(condition);
      if (lastCondition.get(p.id) !== key) {
        lastCondition.set(p.id, key);
        emit({ name: 'printerStatusChanged', payload: st });
      }
    }
  }
  let polling = false;
  const pollTimer =
    (deps.statusPollMs ?? 0) > 0
      ? setInterval(() => {
          if (polling) return; // a slow printer must not stack polls
          polling = true;
          void pollOnce()
            .catch((e: unknown) => log(`status poll failed: ${String(e)}`))
            .finally(() => (polling = false));
        }, deps.statusPollMs)
      : null;
  pollTimer?.unref();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async printerPrint({ jobId, printerId, job }) {
      // At most once per job id: the spooler retries an unanswered job with the same id
      // (timeout, bridge dropped), and a retry must not print a second receipt.
      const outcome = await printOnce.run(jobId, async () => {
        try {
          const p = await printerFor(printerId);
          const driverJob: DriverJob =
            job.kind === 'raw'
              ? { kind: 'raw', bytes: decodeBase64(job.bytesBase64) }
              : { kind: 'receipt', document: job.document, copy: job.copy };
          // The driver checks paper, cover and power before sending (and after), on the same
          // connection, and throws a named HostCallError the cashier can act on.
          const { bytes, warning } = await onPrinter(p, () => deps.printer.print(p, driverJob));
          log(
            `printed job ${jobId} on ${p.id} (${bytes} bytes)${warning ? `, unconfirmed: ${warning}` : ''}`,
          );
          return { ok: true as const, value: { jobId, printerId: p.id, bytes, warning } };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },

    async printerStatus({ printerId }) {
      return statusOf(await printerFor(printerId));
    },

    async drawerOpen({ reason, userId, saleId, printerId }) {
      const p = await printerFor(printerId);
      if (p.drawer === null) {
        throw new HostCallError('not_configured', `No cash drawer is wired to printer "${p.id}"`);
      }
      await onPrinter(p, () => deps.printer.openDrawer(p));
      const openedAt = now();
      deps.onDrawerOpened?.({ at: openedAt, printerId: p.id, reason, userId, saleId });
      log(`drawer opened on ${p.id}: ${reason} by ${userId}${saleId ? ` for ${saleId}` : ''}`);
      return { printerId: p.id, openedAt };
    },

    async scannerList() {
      return deps.listPorts();
    },

    async settingsGet() {
      return deps.settings.get();
    },

    async settingsSet({ settings }) {
      return deps.settings.set(settings);
    },

    async close() {
      offSettings();
      if (pollTimer) clearInterval(pollTimer);
      await scanner?.stop();
      scanner = null;
    },
  };
}
