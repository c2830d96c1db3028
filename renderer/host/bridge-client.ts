// TillHost over the hardware bridge (browser mode): a WebSocket to 127.0.0.1 with the
// per-start secret. Connects on creation, says hello, and reconnects with backoff when the
// bridge restarts. Calls made while disconnected wait for the connection (bounded by the
// call's own timeout); calls in flight when the socket drops answer `transport_closed`.
// A refused secret or contract version is permanent: no retry, every call says why.
import {
  BRIDGE_CLOSE,
  serverFrameSchema,
  type BridgeConfig,
  type ClientFrame,
} from '../../hardware/contract/bridge-protocol';
import {
  calls,
  CONTRACT_VERSION,
  eventNameForChannel,
  type CallName,
  type EventName,
  type TillHost,
  type Unsubscribe,
} from '../../hardware/contract/till-host';
import { createContractClient, type ContractClientOptions } from './contract-client';

/** The parts of the browser WebSocket we use (so tests can pass another implementation). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type BridgeConnectionState =
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'retrying'; inMs: number }
  | { state: 'refused'; reason: string };

export interface BridgeClientOptions extends ContractClientOptions {
  createSocket?: WebSocketFactory;
  onState?: (state: BridgeConnectionState) => void;
  /** Reconnect delays in ms. */
  backoff?: { initialMs: number; maxMs: number };
}

export interface BridgeTillHost extends TillHost {
  close(): void;
}

const OPEN = 1;

export function createBridgeTillHost(
  config: BridgeConfig,
  options: BridgeClientOptions = {},
): BridgeTillHost {
  const createSocket =
    options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let waitingForOpen: (() => void)[] = [];
  let socket: WebSocketLike | null = null;
  let welcomed = false;
  let refused: string | null = null;
  let closedByUs = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;

  const setState = (s: BridgeConnectionState) => options.onState?.(s);

  function connect(): void {
    if (closedByUs || refused !== null) return;
    setState({ state: 'connecting' });
    const ws = createSocket(config.url);
    socket = ws;
    welcomed = false;
    ws.onopen = () => {
      const hello: ClientFrame = {
        type: 'hello',
        secret: config.secret,
        version: CONTRACT_VERSION,
      };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onerror = () => {
      // Always followed by onclose, which decides what to do.
    };
    ws.onclose = (ev) => {
      if (socket === ws) socket = null;
      welcomed = false;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error('the connection to the hardware bridge closed'));
      }
      if (ev.code === BRIDGE_CLOSE.unauthorized || ev.code === BRIDGE_CLOSE.versionMismatch) {
        refused = `Hardware bridge refused this page: ${ev.reason || ev.code}`;
        setState({ state: 'refused', reason: refused });
        for (const w of waitingForOpen.splice(0)) w();
        return;
      }
      if (closedByUs) return;
      const delay = Math.min(maxMs, initialMs * 2 ** attempt);
      attempt += 1;
      setState({ state: 'retrying', inMs: delay });
      retryTimer = setTimeout(connect, delay);
    };
  }

  function onFrame(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = serverFrameSchema.safeParse(json);
    if (!parsed.success) return;
    const f = parsed.data;
    switch (f.type) {
      case 'welcome':
        welcomed = true;
        attempt = 0;
        setState({ state: 'open' });
        for (const w of waitingForOpen.splice(0)) w();
        return;
      case 'reply': {
        const p = pending.get(f.id);
        pending.delete(f.id);
        p?.resolve(f.reply);
        return;
      }
      case 'error': {
        if (f.id === null) return;
        const p = pending.get(f.id);
        pending.delete(f.id);
        p?.resolve({ ok: false, error: f.error });
        return;
      }
      case 'event': {
        const name = eventNameForChannel(f.channel);
        if (name === null) return;
        for (const l of listeners.get(name) ?? []) l(f.payload);
        return;
      }
    }
  }

  async function untilOpen(timeoutMs: number): Promise<WebSocketLike> {
    if (refused !== null) throw new Error(refused);
    if (welcomed && socket && socket.readyState === OPEN) return socket;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      waitingForOpen.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (refused !== null) throw new Error(refused);
    if (!welcomed || !socket) throw new Error('the hardware bridge is not reachable');
    return socket;
  }

  async function call(name: CallName, args: unknown): Promise<unknown> {
    const ws = await untilOpen(calls[name].timeoutMs);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // The contract client answers `timeout` first; this only forgets the entry later.
      setTimeout(() => {
        if (pending.delete(id)) reject(new Error('no reply'));
      }, calls[name].timeoutMs + 1_000);
      const frame: ClientFrame = { type: 'call', id, channel: calls[name].channel, args };
      ws.send(JSON.stringify(frame));
    });
  }

  function subscribe(name: EventName, listener: (p: unknown) => void): Unsubscribe {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  connect();
  const host = createContractClient({ kind: 'bridge', call, subscribe }, options);
  return {
    ...host,
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      waitingForOpen = [];
      socket?.close(1000, 'page closing');
    },
  };
}
