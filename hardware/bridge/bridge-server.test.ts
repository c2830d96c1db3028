import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_CLOSE, serverFrameSchema, type ServerFrame } from '../contract/bridge-protocol';
import {
  createMemoryHostServices,
  type MemoryHostServices,
} from '../contract/memory-host-services';
import { CONTRACT_VERSION, HostCallError } from '../contract/till-host';
import { newBridgeSecret, startBridge, type RunningBridge } from './bridge-server';

const ORIGIN = 'http://127.0.0.1:5173';

/** A test client that queues every server frame and the close code. */
function connect(url: string, origin: string | null = ORIGIN) {
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  const frames: ServerFrame[] = [];
  const waiters: (() => void)[] = [];
  let closed: { code: number; reason: string } | null = null;
  let upgradeStatus: number | null = null;
  const wake = () => waiters.splice(0).forEach((w) => w());
  ws.on('message', (data) => {
    frames.push(serverFrameSchema.parse(JSON.parse(String(data))));
    wake();
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
    wake();
  });
  ws.on('unexpected-response', (_req, res) => {
    upgradeStatus = res.statusCode ?? null;
    ws.terminate();
  });
  ws.on('error', () => wake());
  const until = async <T>(probe: () => T | undefined | null, what: string): Promise<T> => {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== null) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return {
    ws,
    frames,
    open: () =>
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
    sendJson: (v: unknown) => ws.send(JSON.stringify(v)),
    sendRaw: (s: string) => ws.send(s),
    nextFrame: (type: ServerFrame['type'], after = 0) =>
      until(() => frames.slice(after).find((f) => f.type === type), `a ${type} frame`),
    closed: () => until(() => closed, 'close'),
    upgradeStatus: () => until(() => upgradeStatus, 'HTTP status'),
  };
}

describe('hardware bridge', () => {
  let services: MemoryHostServices;
  let bridge: RunningBridge;
  let secret: string;

  beforeEach(async () => {
    services = createMemoryHostServices({ now: () => '2026-11-23T10:00:00.000Z' });
    secret = newBridgeSecret();
    bridge = await startBridge({
      host: '127.0.0.1',
      port: 0,
      secret,
      services,
      allowedOrigins: [ORIGIN],
      helloTimeoutMs: 300,
      log: () => {},
    });
  });
  afterEach(async () => {
    await bridge.close();
  });

  async function greetedClient() {
    const c = connect(bridge.url);
    await c.open();
    c.sendJson({ type: 'hello', secret, version: CONTRACT_VERSION });
    await c.nextFrame('welcome');
    return c;
  }

  it('listens on 127.0.0.1 with a free port', () => {
    expect(bridge.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    expect(bridge.port).toBeGreaterThan(0);
  });

  it('refuses a client that never sends the secret', async () => {
    const c = connect(bridge.url);
    await c.open();
    expect(await c.closed()).toMatchObject({ code: BRIDGE_CLOSE.unauthorized });
  });

  it('refuses a call sent before hello', async () => {
    const c = connect(bridge.url);
    await c.open();
    c.sendJson({ type: 'call', id: 1, channel: 'settings:get', args: {} });
    expect(await c.closed()).toMatchObject({ code: BRIDGE_CLOSE.unauthorized });
    expect(services.received).toHaveLength(0);
  });

  it('refuses a wrong secret in hello', async () => {
    const c = connect(bridge.url);
    await c.open();
    c.sendJson({ type: 'hello', secret: 'x'.repeat(43), version: CONTRACT_VERSION });
    expect(await c.closed()).toEqual({
      code: BRIDGE_CLOSE.unauthorized,
      reason: 'Wrong bridge secret',
    });
  });

  it('refuses a wrong secret in the URL', async () => {
    const c = connect(`${bridge.url}?secret=nope`);
    await c.open();
    expect(await c.closed()).toMatchObject({ code: BRIDGE_CLOSE.unauthorized });
  });

  it('accepts the secret in the URL', async () => {
    const c = connect(`${bridge.url}?secret=${encodeURIComponent(secret)}`);
    await c.open();
    c.sendJson({ type: 'hello', secret: 'ignored-when-url-secret-is-right', version: 1 });
    await c.nextFrame('welcome');
  });

  it('refuses a foreign origin, and a missing one, before the upgrade', async () => {
    const evil = connect(bridge.url, 'https://evil.example');
    expect(await evil.upgradeStatus()).toBe(403);
    const none = connect(bridge.url, null);
    expect(await none.upgradeStatus()).toBe(403);
  });

  it('closes with a version-mismatch code for another contract version', async () => {
    const c = connect(bridge.url);
    await c.open();
    c.sendJson({ type: 'hello', secret, version: CONTRACT_VERSION + 1 });
    expect(await c.closed()).toMatchObject({ code: BRIDGE_CLOSE.versionMismatch });
  });

  it('answers malformed JSON with an error frame and keeps the connection', async () => {
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendRaw('{not json');
    const err = await c.nextFrame('error', n);
    expect(err).toEqual({
      type: 'error',
      id: null,
      error: { code: 'invalid_request', message: 'Frame is not valid JSON' },
    });
    c.sendJson({ type: 'call', id: 7, channel: 'settings:get', args: {} });
    const reply = await c.nextFrame('reply', n);
    expect(reply).toMatchObject({ id: 7, reply: { ok: true } });
  });

  it('answers a frame that breaks the frame schema with the reason', async () => {
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendJson({ type: 'call', id: 3 });
    const err = await c.nextFrame('error', n);
    expect(err).toMatchObject({ id: 3, error: { code: 'invalid_request' } });
    expect(err.type === 'error' && err.error.message).toMatch(/channel/);
  });

  it('answers arguments that break the contract with invalid_request, naming the field', async () => {
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendJson({
      type: 'call',
      id: 4,
      channel: 'drawer:open',
      args: { reason: 'because', userId: 'u1', saleId: null, printerId: null },
    });
    const reply = await c.nextFrame('reply', n);
    expect(reply).toMatchObject({
      id: 4,
      reply: { ok: false, error: { code: 'invalid_request' } },
    });
    expect(JSON.stringify(reply)).toContain('drawer:open: reason');
    expect(services.received).toHaveLength(0);
  });

  it('answers an unknown channel with unknown_channel', async () => {
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendJson({ type: 'call', id: 5, channel: 'shell:exec', args: {} });
    expect(await c.nextFrame('reply', n)).toMatchObject({
      id: 5,
      reply: { ok: false, error: { code: 'unknown_channel' } },
    });
  });

  it('round-trips a call to the services', async () => {
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendJson({
      type: 'call',
      id: 9,
      channel: 'drawer:open',
      args: { reason: 'no_sale', userId: 'manager-1', saleId: null, printerId: null },
    });
    expect(await c.nextFrame('reply', n)).toEqual({
      type: 'reply',
      id: 9,
      reply: { ok: true, value: { printerId: 'receipt', openedAt: '2026-11-23T10:00:00.000Z' } },
    });
    expect(services.received).toEqual([
      {
        name: 'drawerOpen',
        args: { reason: 'no_sale', userId: 'manager-1', saleId: null, printerId: null },
      },
    ]);
  });

  it('passes a named service failure through and keeps serving', async () => {
    services.override('printerStatus', async () => {
      throw new HostCallError('printer_out_of_paper', 'Printer out of paper');
    });
    services.override('scannerList', async () => {
      throw new Error('boom');
    });
    const c = await greetedClient();
    const n = c.frames.length;
    c.sendJson({ type: 'call', id: 1, channel: 'printer:status', args: { printerId: null } });
    c.sendJson({ type: 'call', id: 2, channel: 'scanner:list', args: {} });
    c.sendJson({ type: 'call', id: 3, channel: 'settings:get', args: {} });
    await c.nextFrame('reply', n);
    const replies = await (async () => {
      const deadline = Date.now() + 3000;
      while (c.frames.filter((f) => f.type === 'reply').length < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return c.frames.filter((f) => f.type === 'reply');
    })();
    const byId = new Map(replies.map((r) => [r.type === 'reply' ? r.id : -1, r]));
    expect(byId.get(1)).toMatchObject({
      reply: {
        ok: false,
        error: { code: 'printer_out_of_paper', message: 'Printer out of paper' },
      },
    });
    expect(byId.get(2)).toMatchObject({
      reply: { ok: false, error: { code: 'internal', message: 'scanner:list: boom' } },
    });
    expect(byId.get(3)).toMatchObject({ reply: { ok: true } });
  });

  it('pushes events to greeted clients only', async () => {
    const greeted = await greetedClient();
    const stranger = connect(bridge.url);
    await stranger.open();
    const n = greeted.frames.length;
    services.emit({
      name: 'scannerScan',
      payload: {
        code: '6901234567892',
        source: 'serial',
        port: '/dev/ttyACM0',
        at: '2026-11-23T10:00:01.000Z',
      },
    });
    expect(await greeted.nextFrame('event', n)).toEqual({
      type: 'event',
      channel: 'scanner:scan',
      payload: {
        code: '6901234567892',
        source: 'serial',
        port: '/dev/ttyACM0',
        at: '2026-11-23T10:00:01.000Z',
      },
    });
    expect(stranger.frames).toEqual([]);
  });

  it('keeps serving other clients after one is refused', async () => {
    const bad = connect(bridge.url);
    await bad.open();
    bad.sendJson({ type: 'hello', secret: 'wrong-wrong-wrong', version: 1 });
    await bad.closed();
    const good = await greetedClient();
    good.sendJson({ type: 'call', id: 1, channel: 'scanner:list', args: {} });
    expect(await good.nextFrame('reply')).toMatchObject({ reply: { ok: true, value: [] } });
  });
});

describe('startBridge options', () => {
  it('refuses to listen on a non-loopback host', async () => {
    await expect(
      startBridge({
        host: '0.0.0.0',
        port: 0,
        secret: newBridgeSecret(),
        services: createMemoryHostServices(),
      }),
    ).rejects.toThrow(/loopback only/);
  });

  it('refuses a short secret', async () => {
    await expect(
      startBridge({ port: 0, secret: 'short', services: createMemoryHostServices() }),
    ).rejects.toThrow(/at least 16/);
  });

  it('by default accepts loopback page origins only', async () => {
    const secret = newBridgeSecret();
    const bridge = await startBridge({
      port: 0,
      secret,
      services: createMemoryHostServices(),
      log: () => {},
    });
    try {
      const local = connect(bridge.url, 'http://localhost:5173');
      await local.open();
      local.sendJson({ type: 'hello', secret, version: CONTRACT_VERSION });
      await local.nextFrame('welcome');
      local.ws.close();
      const lan = connect(bridge.url, 'http://192.168.1.20:5173');
      expect(await lan.upgradeStatus()).toBe(403);
      const lookalike = connect(bridge.url, 'http://127.0.0.1.evil.example');
      expect(await lookalike.upgradeStatus()).toBe(403);
    } finally {
      await bridge.close();
    }
  });
});
