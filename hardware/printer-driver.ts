// The PrinterDriver host-services needs, over hardware/printing (ESC/POS encoding, TCP with
// DLE EOT status before and after each job, ESC p / DLE DC4 drawer pulse). Maps the
// contract's PrinterSettings to a print target and the print service's results to named
// TillHost errors.
import { HostCallError, type PrinterCondition } from './contract/till-host';
import type { PrinterSettings } from './contract/device-settings';
import { UNREACHABLE_PRINTER, type DriverJob, type PrinterDriver } from './host-services';
import {
  getPrinterStatus,
  hostErrorCodeFor,
  openCashDrawer,
  printJob,
  printReceipt,
  printTargetFromSettings,
  type PrintReceiptInput,
  type PrintResult,
  type PrintTarget,
} from './printing';

export interface PrinterDriverOptions {
  /** tcp://127.0.0.1:<port> of the virtual printer, when one runs (demo, tests). */
  virtualAddress?: string;
}

function unwrap<T>(result: PrintResult<T>): T {
  if (result.ok) return result.value;
  throw new HostCallError(hostErrorCodeFor(result.error.code), result.error.message);
}

export function createPrinterDriver(options: PrinterDriverOptions = {}): PrinterDriver {
  const target = (p: PrinterSettings): PrintTarget => {
    try {
      return printTargetFromSettings(p, { virtualAddress: options.virtualAddress });
    } catch (error) {
      throw new HostCallError('not_configured', (error as Error).message);
    }
  };

  return {
    async print(
      p: PrinterSettings,
      job: DriverJob,
    ): Promise<{ bytes: number; warning: string | null }> {
      const t = target(p);
      const result =
        job.kind === 'raw'
          ? await printJob(t, job.bytes)
          : await printReceipt({
              target: t,
              // A reprint is marked as a copy even if the stored document was not. The shape
              // is checked by printReceipt (receiptDocumentSchema), so the cast only defers it.
              document: {
                ...job.document,
                copy: job.copy || job.document.copy === true,
              } as unknown as PrintReceiptInput['document'],
              openDrawer: false,
            });
      const { bytesSent, warning } = unwrap(result);
      return { bytes: bytesSent, warning };
    },

    async status(p: PrinterSettings): Promise<PrinterCondition> {
      const result = await getPrinterStatus(target(p));
      if (!result.ok) {
        // Unreachable or silent: report it as offline rather than failing the query.
        if (result.error.code === 'unreachable' || result.error.code === 'offline') {
          return UNREACHABLE_PRINTER;
        }
        return unwrap(result);
      }
      const s = result.value;
      return {
        online: s.online,
        paperOut: s.paperEnd,
        paperNearEnd: s.paperNearEnd,
        coverOpen: s.coverOpen,
        drawerOpen: s.drawerOpen,
        error: s.error,
      };
    },

    async openDrawer(p: PrinterSettings): Promise<void> {
      unwrap(await openCashDrawer(target(p)));
    },
  };
}
