// The browser-mode path end to end on loopback: the renderer's bridge client (with `ws`
// standing in for the browser WebSocket) against the real bridge server and in-memory
// host services. Covers hello/secret, calls, pushed events, a refused secret, and
// reconnecting after the bridge restarts on the same port.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryHostServices } from '../contract/memory-host-services';
import {
  createBridgeTillHost,
  type BridgeConnectionState,
  type BridgeTillHost,
  type WebSocketLike,
} from '../../renderer/host/bridge-client';
import { newBridgeSecret, startBridge, type RunningBridge } from './bridge-server';

const ORIGIN = 'http://127.0.0.1:5173';
const wsFactory = (url: string) =>
  new WebSocket(url, { origin: ORIGIN }) as unknown as WebSocketLike;

async function waitFor(probe: () => boolean, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bridge client ↔ bridge server', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(port = 0, secret = newBridgeSecret()) {
    const services = createMemoryHostServices({ now: () => '2026-11-23T10:00:00.000Z' });
    const bridge = await startBridge({
      port,
      secret,
      services,
      allowedOrigins: [ORIGIN],
      log: () => {},
    });
    let closed = false;
    const close = async () => {
      if (!closed) await bridge.close();
      closed = true;
    };
    cleanups.push(close);
    return { services, bridge, secret, close };
  }

  function client(bridge: RunningBridge, secret: string, states: BridgeConnectionState[] = []) {
    const host = createBridgeTillHost(
      { url: bridge.url, secret },
      {
        createSocket: wsFactory,
        onState: (s) => states.push(s),
        backoff: { initialMs: 50, maxMs: 200 },
      },
    );
    cleanups.push(() => host.close());
    return host;
  }

  it('calls the host and receives scans', async () => {
    const { bridge, secret, services } = await start();
    const host: BridgeTillHost = client(bridge, secret);
    expect(host.transport).toBe('bridge');
    expect(
      await host.drawerOpen({ reason: 'cash_tender', userId: 'c1', saleId: 's1', printerId: null }),
    ).toEqual({ ok: true, value: { printerId: 'receipt', openedAt: '2026-11-23T10:00:00.000Z' } });
    const codes: string[] = [];
    host.onScan((s) => codes.push(s.code));
    services.emit({
      name: 'scannerScan',
      payload: {
        code: '6901234567892',
        source: 'serial',
        port: 'p',
        at: '2026-11-23T10:00:00.000Z',
      },
    });
    await waitFor(() => codes.length === 1, 'scan event');
    expect(codes).toEqual(['6901234567892']);
  });

  it('reports a refused secret and answers calls with transport_closed', async () => {
    const { bridge } = await start();
    const states: BridgeConnectionState[] = [];
    const host = client(bridge, 'w'.repeat(43), states);
    const reply = await host.scannerList({});
    expect(reply).toMatchObject({ ok: false, error: { code: 'transport_closed' } });
    expect(!reply.ok && reply.error.message).toMatch(/refused this page: Wrong bridge secret/);
    expect(states.at(-1)).toEqual({
      state: 'refused',
      reason: 'Hardware bridge refused this page: Wrong bridge secret',
    });
  });

  it('reconnects by itself when the bridge restarts on the same port', async () => {
    const first = await start();
    const states: BridgeConnectionState[] = [];
    const host = client(first.bridge, first.secret, states);
    expect((await host.scannerList({})).ok).toBe(true);
    await first.close();
    await waitFor(() => states.at(-1)?.state === 'retrying', 'client to notice');
    const second = await start(first.bridge.port, first.secret);
    await waitFor(() => states.at(-1)?.state === 'open', 'reconnect');
    expect(await host.settingsGet({})).toMatchObject({ ok: true });
    expect(second.services.received.map((r) => r.name)).toEqual(['settingsGet']);
  });
});
