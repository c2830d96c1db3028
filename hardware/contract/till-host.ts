// The TillHost contract: every call, reply and event between the renderer and the device
// host, written once as zod schemas. Two transports carry it — Electron IPC (preload +
// electron/ipc-router) and the WebSocket hardware bridge — and both sides import this file,
// so a shape can only change in one place. Runs anywhere: zod only, no Node, no DOM.
import { z } from 'zod';
import {
  CALL_CHANNELS,
  CALL_NAMES,
  CONTRACT_VERSION,
  EVENT_CHANNELS,
  EVENT_NAMES,
  type CallName,
  type EventName,
} from './channels';
import { deviceSettingsSchema } from './device-settings';

export { CALL_NAMES, CONTRACT_VERSION, EVENT_NAMES, type CallName, type EventName };

// ---------------------------------------------------------------------------------------
// Errors and the reply envelope

/**
 * Named error codes. Device codes tell the cashier what to do; transport codes tell the
 * developer what broke. Messages are written for a person, never a stack trace.
 */
export const hostErrorCodeSchema = z.enum([
  'invalid_request', // arguments failed the contract schema
  'unknown_channel', // no such call
  'unauthorized', // bridge secret missing or wrong, or IPC from a foreign frame
  'timeout', // the host did not answer within the call's timeout
  'transport_closed', // the bridge connection or the window went away
  'not_configured', // no printer / scanner set up for this call
  'printer_offline',
  'printer_out_of_paper',
  'printer_cover_open',
  'printer_error',
  'device_not_found', // serial port path does not exist
  'settings_invalid', // settings:set value failed validation
  'internal', // a bug in the host; the message says where to look
]);
export type HostErrorCode = z.infer<typeof hostErrorCodeSchema>;

export const hostErrorSchema = z.object({
  code: hostErrorCodeSchema,
  message: z.string(),
});
export type HostError = z.infer<typeof hostErrorSchema>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: HostError };

/** Builds the envelope schema for one call's value. */
export function replySchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: hostErrorSchema }),
  ]);
}

/** Thrown by host services to answer with a named code instead of `internal`. */
export class HostCallError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

// ---------------------------------------------------------------------------------------
// Shared shapes

const printerIdSchema = z.string().min(1).max(64);
/** ISO-8601 instant. */
const instantSchema = z.iso.datetime({ offset: true });

/** A receipt document built by domain/receipt; the host renders it for the printer profile. */
export const receiptPrintJobSchema = z.object({
  kind: z.literal('receipt'),
  /** Structured receipt document (domain/receipt). Validated in depth by the printing service. */
  document: z.record(z.string(), z.unknown()),
  /** Reprints are marked as a copy on paper. */
  copy: z.boolean(),
});

/** Raw ESC/POS bytes, base64 so the same shape travels over JSON and IPC. Max 1 MiB. */
export const rawPrintJobSchema = z.object({
  kind: z.literal('raw'),
  bytesBase64: z
    .string()
    .max(1_398_104)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'bytesBase64 must be base64'),
});

export const printJobPayloadSchema = z.discriminatedUnion('kind', [
  receiptPrintJobSchema,
  rawPrintJobSchema,
]);
export type PrintJobPayload = z.infer<typeof printJobPayloadSchema>;

/** What DLE EOT told us. `drawerOpen` is null where the printer has no drawer sensor. */
export const printerStatusSchema = z.object({
  printerId: z.string(),
  online: z.boolean(),
  paperOut: z.boolean(),
  paperNearEnd: z.boolean(),
  coverOpen: z.boolean(),
  drawerOpen: z.boolean().nullable(),
  error: z.boolean(),
  checkedAt: instantSchema,
});
export type PrinterStatus = z.infer<typeof printerStatusSchema>;
/** What DLE EOT reports for one printer, before the host stamps which printer and when. */
export type PrinterCondition = Omit<PrinterStatus, 'printerId' | 'checkedAt'>;

export const serialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});
export type SerialPortInfo = z.infer<typeof serialPortInfoSchema>;

/** A scanned code: printable ASCII, no control characters (the suffix is already stripped). */
export const scanCodeSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x20-\x7e]+$/, 'Scan contains non-printable characters');

// ---------------------------------------------------------------------------------------
// Calls. `kind` separates read channels (no side effects, safe to retry) from write
// channels (print, drawer, settings): they get different IPC channels and timeouts.

export const calls = {
  printerPrint: {
    ...CALL_CHANNELS.printerPrint,
    args: z.object({
      /** The renderer's persisted print job id, for logs and de-duplication. */
      jobId: z.string().min(1).max(64),
      /** Printer settings id; null means the receipt printer. */
      printerId: printerIdSchema.nullable(),
      job: printJobPayloadSchema,
    }),
    value: z.object({
      jobId: z.string(),
      printerId: z.string(),
      bytes: z.number().int(),
      /**
       * Set when the printer took the job but did not confirm it (status after the job
       * unreadable or showing a fault): the receipt may or may not be on paper, and sending
       * it again could print it twice. A sentence for the cashier.
       */
      warning: z.string().nullable(),
    }),
  },
  printerStatus: {
    ...CALL_CHANNELS.printerStatus,
    args: z.object({ printerId: printerIdSchema.nullable() }),
    value: printerStatusSchema,
  },
  drawerOpen: {
    ...CALL_CHANNELS.drawerOpen,
    args: z.object({
      reason: z.enum(['cash_tender', 'no_sale']),
      /** Who opened it; the host logs it and the renderer writes the audit entry. */
      userId: z.string().min(1).max(64),
      /** The sale, for cash_tender. */
      saleId: z.string().min(1).max(64).nullable(),
      printerId: printerIdSchema.nullable(),
    }),
    value: z.object({ printerId: z.string(), openedAt: instantSchema }),
  },
  scannerList: {
    ...CALL_CHANNELS.scannerList,
    args: z.object({}),
    value: z.array(serialPortInfoSchema),
  },
  settingsGet: {
    ...CALL_CHANNELS.settingsGet,
    args: z.object({}),
    value: deviceSettingsSchema,
  },
  settingsSet: {
    ...CALL_CHANNELS.settingsSet,
    args: z.object({ settings: deviceSettingsSchema }),
    value: deviceSettingsSchema,
  },
} as const satisfies Record<
  CallName,
  {
    channel: string;
    kind: 'read' | 'write';
    timeoutMs: number;
    args: z.ZodType;
    value: z.ZodType;
  }
>;

export type Channel = (typeof calls)[CallName]['channel'];
export type CallArgs<N extends CallName> = z.input<(typeof calls)[N]['args']>;
export type CallValue<N extends CallName> = z.output<(typeof calls)[N]['value']>;

export const READ_CALLS = CALL_NAMES.filter((n) => calls[n].kind === 'read');
export const WRITE_CALLS = CALL_NAMES.filter((n) => calls[n].kind === 'write');

const byChannel = new Map<string, CallName>(CALL_NAMES.map((n) => [calls[n].channel, n]));
/** Maps a wire channel (`printer:print`) to its call name, or null for an unknown channel. */
export function callNameForChannel(channel: string): CallName | null {
  return byChannel.get(channel) ?? null;
}

// ---------------------------------------------------------------------------------------
// Events pushed from the host to the renderer.

export const events = {
  scannerScan: {
    ...EVENT_CHANNELS.scannerScan,
    payload: z.object({
      code: scanCodeSchema,
      source: z.literal('serial'),
      /** Serial port path the scan came from. */
      port: z.string(),
      at: instantSchema,
    }),
  },
  printerStatusChanged: {
    ...EVENT_CHANNELS.printerStatusChanged,
    payload: printerStatusSchema,
  },
} as const satisfies Record<EventName, { channel: string; payload: z.ZodType }>;

export type EventChannel = (typeof events)[EventName]['channel'];
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]['payload']>;
export type ScanEvent = EventPayload<'scannerScan'>;

const eventByChannel = new Map<string, EventName>(EVENT_NAMES.map((n) => [events[n].channel, n]));
export function eventNameForChannel(channel: string): EventName | null {
  return eventByChannel.get(channel) ?? null;
}

/** One pushed event as a value: what host services emit and transports forward. */
export type HostEvent = {
  [N in EventName]: { name: N; payload: EventPayload<N> };
}[EventName];

// ---------------------------------------------------------------------------------------
// The two faces of the contract.

export type Unsubscribe = () => void;

/**
 * What the renderer sees. One method per call (never throws: every failure, including a
 * timeout or a dead transport, comes back as `{ ok: false, error }`), and one subscription
 * per event.
 */
export type TillHost = {
  readonly [N in CallName]: (args: CallArgs<N>) => Promise<Reply<CallValue<N>>>;
} & {
  /** Which transport this is, for the diagnostics screen. */
  readonly transport: 'electron' | 'bridge' | 'none';
  /** Serial scans; keyboard-wedge scans are detected in the renderer and join them there. */
  onScan(listener: (scan: ScanEvent) => void): Unsubscribe;
  onPrinterStatusChanged(listener: (status: PrinterStatus) => void): Unsubscribe;
};

/**
 * What the host implements (hardware/host-services.ts): plain async functions taking
 * already-validated arguments. Throw HostCallError for a named failure.
 */
export type HostHandlers = {
  readonly [N in CallName]: (args: z.output<(typeof calls)[N]['args']>) => Promise<CallValue<N>>;
};

/** Host side event source; transports subscribe and forward to their clients. */
export interface HostEventSource {
  subscribe(listener: (event: HostEvent) => void): Unsubscribe;
}

export type HostServices = HostHandlers & HostEventSource;
