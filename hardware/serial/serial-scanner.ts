// Serial barcode scanner: reads lines from a serial port (USB-CDC or RS-232 scanners), trims
// them, validates each code against the contract and delivers `scanner:scan` events. When the
// scanner is unplugged it reopens the same path by itself, with exponential backoff.
//
// States (one at a time):
//   connecting — opening the port; entered at start and when a retry timer fires;
//                left for `open` on success or `waiting` on failure.
//   open       — reading lines; left for `waiting` when the port closes (unplugged: the
//                stream closes with err.disconnected) or errors.
//   waiting    — backoff timer running (initialMs doubling up to maxMs; reset after a
//                successful open); left for `connecting` when it fires.
//   stopped    — stop() was called; terminal.
import { RegexParser, SerialPort } from 'serialport';
import { scanCodeSchema, type ScanEvent } from '../contract/till-host';

export type SerialScannerState = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface SerialScannerOptions {
  path: string;
  baudRate: number;
  onScan: (scan: ScanEvent) => void;
  /** Told about every state change, with the reason for `waiting`. */
  onState?: (state: SerialScannerState, detail: string | null) => void;
  /** Codes that fail validation (noise on the line, wrong baud rate). */
  onReject?: (raw: string, reason: string) => void;
  /** ISO-8601 clock for `at`; injected so tests can pin it. */
  now?: () => string;
  /** Reconnect delays in ms. */
  backoff?: { initialMs: number; maxMs: number };
}

export interface SerialScanner {
  state(): SerialScannerState;
  stop(): Promise<void>;
}

/** Exponential backoff: initialMs × 2^attempt, capped at maxMs (ms). */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

export function startSerialScanner(options: SerialScannerOptions): SerialScanner {
  const now = options.now ?? (() => new Date().toISOString());
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
  let state: SerialScannerState = 'connecting';
  let port: SerialPort | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;

  const setState = (next: SerialScannerState, detail: string | null = null) => {
    state = next;
    options.onState?.(next, detail);
  };

  const scheduleRetry = (reason: string) => {
    if (state === 'stopped') return;
    const delay = backoffDelayMs(attempt, initialMs, maxMs);
    attempt += 1;
    setState('waiting', `${reason}; retrying in ${delay} ms`);
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };

  const onLine = (line: string) => {
    const raw = line.trim();
    if (raw.length === 0) return; // CR LF suffix yields an empty piece between them
    const code = scanCodeSchema.safeParse(raw);
    if (!code.success) {
      options.onReject?.(raw, code.error.issues[0]?.message ?? 'invalid scan');
      return;
    }
    options.onScan({ code: code.data, source: 'serial', port: options.path, at: now() });
  };

  function connect(): void {
    if (state === 'stopped') return;
    setState('connecting');
    const p = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
    port = p;
    // Scanners end a code with CR, LF or CR LF depending on their setup: split on any run.
    const parser = p.pipe(new RegexParser({ regex: /[\r\n]+/, encoding: 'latin1' }));
    parser.on('data', (line: string) => onLine(line));
    p.on('error', () => {
      // Errors after open are followed by `close`; nothing to do here but not crash.
    });
    p.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      parser.removeAllListeners('data');
      if (port === p) port = null;
      if (state === 'stopped') return;
      scheduleRetry(
        err?.disconnected ? 'scanner unplugged' : `port closed${err ? `: ${err.message}` : ''}`,
      );
    });
    p.open((err) => {
      if (state === 'stopped') {
        if (!err) p.close();
        return;
      }
      if (err) {
        if (port === p) port = null;
        scheduleRetry(`cannot open ${options.path}: ${err.message}`);
        return;
      }
      attempt = 0;
      setState('open');
    });
  }

  connect();

  return {
    state: () => state,
    async stop() {
      setState('stopped');
      if (timer) clearTimeout(timer);
      timer = null;
      const p = port;
      port = null;
      if (p?.isOpen) {
        await new Promise<void>((resolve) => p.close(() => resolve()));
      }
    },
  };
}
