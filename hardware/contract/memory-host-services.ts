// An in-memory HostServices for transport tests and renderer development: records what it
// was asked, answers from plain data, and lets the caller push events. No devices.
import { defaultDeviceSettings, type DeviceSettings } from './device-settings';
import type {
  CallName,
  HostEvent,
  HostServices,
  PrinterCondition,
  PrinterStatus,
  SerialPortInfo,
} from './till-host';

/** A printer in good order: online, paper in, cover and drawer shut, no fault. */
export const READY_PRINTER: PrinterCondition = {
  online: true,
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  drawerOpen: false,
  error: false,
};

export interface MemoryHostServices extends HostServices {
  /** Every call received, in order, with its validated arguments. */
  readonly received: { name: CallName; args: unknown }[];
  emit(event: HostEvent): void;
  /** Replace a handler, e.g. to make it throw or hang. */
  override<N extends CallName>(name: N, handler: HostServices[N]): void;
}

export function createMemoryHostServices(
  init: { settings?: DeviceSettings; ports?: SerialPortInfo[]; now?: () => string } = {},
): MemoryHostServices {
  let settings = init.settings ?? defaultDeviceSettings();
  const now = init.now ?? (() => new Date().toISOString());
  const listeners = new Set<(e: HostEvent) => void>();
  const received: { name: CallName; args: unknown }[] = [];
  const overrides: Partial<Record<CallName, unknown>> = {};

  const pick = <N extends CallName>(name: N, fallback: HostServices[N]): HostServices[N] =>
    (async (args: never) => {
      received.push({ name, args });
      const handler = (overrides[name] ?? fallback) as (a: never) => Promise<unknown>;
      return handler(args);
    }) as unknown as HostServices[N];

  const status = (printerId: string): PrinterStatus => ({
    printerId,
    ...READY_PRINTER,
    checkedAt: now(),
  });
  const printerId = (id: string | null) => id ?? settings.receiptPrinterId ?? 'receipt';

  return {
    received,
    emit(event) {
      for (const l of listeners) l(event);
    },
    override(name, handler) {
      overrides[name] = handler;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    printerPrint: pick('printerPrint', async (args) => ({
      jobId: args.jobId,
      printerId: printerId(args.printerId),
      bytes: args.job.kind === 'raw' ? atob(args.job.bytesBase64).length : 0,
      warning: null,
    })),
    printerStatus: pick('printerStatus', async (args) => status(printerId(args.printerId))),
    drawerOpen: pick('drawerOpen', async (args) => ({
      printerId: printerId(args.printerId),
      openedAt: now(),
    })),
    scannerList: pick('scannerList', async () => init.ports ?? []),
    settingsGet: pick('settingsGet', async () => settings),
    settingsSet: pick('settingsSet', async (args) => {
      settings = args.settings;
      return settings;
    }),
  };
}
