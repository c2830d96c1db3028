// Builds a TillHost from a raw transport (the Electron preload or the bridge socket). This is
// where the renderer side of the contract is enforced, once for both transports:
// arguments are validated before they leave, every call has the contract's timeout, replies
// and events are validated when they arrive, and nothing ever throws to the caller.
import {
  CALL_NAMES,
  calls,
  events,
  replySchema,
  type CallName,
  type EventName,
  type PrinterStatus,
  type Reply,
  type ScanEvent,
  type TillHost,
  type Unsubscribe,
} from '../../hardware/contract/till-host';
import { describeZodError, parseCallArgs } from '../../hardware/contract/dispatch';

export interface RawTransport {
  readonly kind: TillHost['transport'];
  /** Sends one call; resolves with the raw reply envelope, or rejects if the transport broke. */
  call(name: CallName, args: unknown): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

export interface ContractClientOptions {
  /** Scale the contract timeouts (tests); 1 = as specified. */
  timeoutScale?: number;
  warn?: (message: string) => void;
}

export function createContractClient(
  transport: RawTransport,
  options: ContractClientOptions = {},
): TillHost {
  const scale = options.timeoutScale ?? 1;
  const warn = options.warn ?? ((m: string) => console.warn(`[till-host] ${m}`));

  async function invoke(name: CallName, args: unknown): Promise<Reply<unknown>> {
    const call = calls[name];
    const parsedArgs = parseCallArgs(name, args);
    if (!parsedArgs.ok) return parsedArgs;
    const timeoutMs = call.timeoutMs * scale;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Reply<unknown>>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            error: {
              code: 'timeout',
              message: `${call.channel}: no answer from the device host within ${timeoutMs} ms`,
            },
          }),
        timeoutMs,
      );
    });
    const answer = transport.call(name, parsedArgs.value).then(
      (raw): Reply<unknown> => {
        const reply = replySchema(call.value).safeParse(raw);
        if (!reply.success) {
          return {
            ok: false,
            error: {
              code: 'internal',
              message: `${call.channel}: the host answered outside the contract (${describeZodError(reply.error)})`,
            },
          };
        }
        return reply.data as Reply<unknown>;
      },
      (error: unknown): Reply<unknown> => ({
        ok: false,
        error: {
          code: 'transport_closed',
          message: `${call.channel}: ${error instanceof Error ? error.message : String(error)}`,
        },
      }),
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function on<T>(name: EventName, listener: (payload: T) => void): Unsubscribe {
    const schema = events[name].payload;
    return transport.subscribe(name, (payload) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        warn(
          `dropped a malformed ${events[name].channel} event: ${describeZodError(parsed.error)}`,
        );
        return;
      }
      listener(parsed.data as T);
    });
  }

  const methods = Object.fromEntries(
    CALL_NAMES.map((name) => [name, (args: unknown) => invoke(name, args)]),
  ) as unknown as Omit<TillHost, 'transport' | 'onScan' | 'onPrinterStatusChanged'>;

  return {
    ...methods,
    transport: transport.kind,
    onScan: (listener) => on<ScanEvent>('scannerScan', listener),
    onPrinterStatusChanged: (listener) => on<PrinterStatus>('printerStatusChanged', listener),
  };
}

/** A TillHost for when there is no device host at all: every call says so, plainly. */
export function createUnavailableTillHost(reason: string): TillHost {
  return createContractClient({
    kind: 'none',
    call: async () => ({ ok: false, error: { code: 'not_configured', message: reason } }),
    subscribe: () => () => {},
  });
}
