// The hardware bridge: the TillHost contract over a WebSocket on 127.0.0.1, for browser mode
// (the till page runs in any Chromium, devices are driven by this Node process).
//
// Who may connect: only the till page. Three gates, in order:
//   1. the socket is on loopback only (host must be 127.0.0.1 / ::1 / localhost);
//   2. the upgrade request's Origin must be an allowed origin (a browser always sends one,
//      so another web page open in the same browser is refused with HTTP 403);
//   3. the per-start secret (random, handed to the page in /till-config.json) must come in
//      the URL (`?secret=`) or in the first `hello` frame; otherwise close 4401.
// After that every frame is zod-validated; a bad frame gets an `error` frame and the
// connection stays open, and nothing a client sends can stop the server.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import {
  BRIDGE_CLOSE,
  HELLO_TIMEOUT_MS,
  clientFrameSchema,
  type ServerFrame,
} from '../contract/bridge-protocol';
import { checkEvent, describeZodError, dispatchCall } from '../contract/dispatch';
import { CONTRACT_VERSION, type HostServices } from '../contract/till-host';

export interface BridgeOptions {
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Per-start secret, at least 16 characters; see newBridgeSecret(). */
  secret: string;
  services: HostServices;
  /**
   * Exact origins allowed to connect, e.g. ['http://127.0.0.1:5173']. Default: any
   * http(s) origin on a loopback host, which still needs the secret.
   */
  allowedOrigins?: readonly string[];
  /** Where internal errors go (default console.error). */
  log?: (message: string, error?: unknown) => void;
  /** ms to wait for `hello` (default HELLO_TIMEOUT_MS). */
  helloTimeoutMs?: number;
}

export interface RunningBridge {
  /** ws://127.0.0.1:<port>/ — give the page this and the secret. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
/** Largest frame accepted, bytes: a 1 MiB raw print job in base64 plus JSON. */
const MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** A fresh per-start secret: 32 random bytes, base64url (43 characters). */
export function newBridgeSecret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison of two secrets of any length. */
export function secretMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(host);
  } catch {
    return false;
  }
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`The hardware bridge listens on loopback only, not on ${host}`);
  }
  if (options.secret.length < 16) {
    throw new Error('The bridge secret must be at least 16 characters (use newBridgeSecret())');
  }
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[bridge] ${m}`, e ?? ''));
  const helloTimeoutMs = options.helloTimeoutMs ?? HELLO_TIMEOUT_MS;
  const originAllowed = (origin: string | undefined): boolean => {
    if (origin === undefined) return false;
    return options.allowedOrigins
      ? options.allowedOrigins.includes(origin)
      : isLoopbackOrigin(origin);
  };

  const http = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const greeted = new Set<WebSocket>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!originAllowed(req.headers.origin)) {
      rejectUpgrade(socket, 403, `Origin ${req.headers.origin ?? '(none)'} is not the till page`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  function send(ws: WebSocket, frame: ServerFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    const urlSecret = new URL(req.url ?? '/', 'http://bridge').searchParams.get('secret');
    // A secret in the URL must be right; a wrong one is not retried in hello.
    if (urlSecret !== null && !secretMatches(options.secret, urlSecret)) {
      ws.close(BRIDGE_CLOSE.unauthorized, 'Wrong bridge secret');
      return;
    }
    let authenticated = urlSecret !== null;
    const helloTimer = setTimeout(() => {
      ws.close(BRIDGE_CLOSE.unauthorized, 'No hello with the bridge secret');
    }, helloTimeoutMs);
    ws.on('close', () => {
      clearTimeout(helloTimer);
      greeted.delete(ws);
    });
    ws.on('error', (error) => log('socket error', error));

    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(data, isBinary).catch((error: unknown) => log('message handler', error));
    });

    async function onMessage(data: RawData, isBinary: boolean): Promise<void> {
      if (isBinary) {
        send(ws, errorFrame(null, 'Binary frames are not accepted; send JSON text'));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(rawToString(data));
      } catch {
        send(ws, errorFrame(null, 'Frame is not valid JSON'));
        return;
      }
      const frame = clientFrameSchema.safeParse(json);
      if (!frame.success) {
        send(ws, errorFrame(readId(json), `Bad frame: ${describeZodError(frame.error)}`));
        return;
      }
      const f = frame.data;
      if (f.type === 'hello') {
        if (!authenticated && !secretMatches(options.secret, f.secret)) {
          ws.close(BRIDGE_CLOSE.unauthorized, 'Wrong bridge secret');
          return;
        }
        if (f.version !== CONTRACT_VERSION) {
          ws.close(
            BRIDGE_CLOSE.versionMismatch,
            `Contract version ${f.version} != host ${CONTRACT_VERSION}: reload the page`,
          );
          return;
        }
        authenticated = true;
        clearTimeout(helloTimer);
        greeted.add(ws);
        send(ws, { type: 'welcome', version: CONTRACT_VERSION });
        return;
      }
      if (!greeted.has(ws)) {
        ws.close(BRIDGE_CLOSE.unauthorized, 'Send hello with the bridge secret first');
        return;
      }
      const reply = await dispatchCall(options.services, f.channel, f.args, log);
      send(ws, { type: 'reply', id: f.id, reply });
    }
  }

  const unsubscribe = options.services.subscribe((event) => {
    const checked = checkEvent(event, log);
    if (checked === null) return;
    for (const ws of greeted) send(ws, { type: 'event', ...checked });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `ws://${urlHost}:${port}/`,
    port,
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.close(BRIDGE_CLOSE.goingAway, 'Hardware bridge stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Sockets that do not finish the close handshake promptly are cut.
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 500).unref();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function readId(json: unknown): number | null {
  if (typeof json === 'object' && json !== null && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return null;
}

function errorFrame(id: number | null, message: string): ServerFrame {
  return { type: 'error', id, error: { code: 'invalid_request', message } };
}
