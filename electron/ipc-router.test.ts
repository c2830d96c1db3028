import { describe, expect, it } from 'vitest';
import { ipcChannelForCall, ipcChannelForEvent } from '../hardware/contract/ipc-channels';
import { createMemoryHostServices } from '../hardware/contract/memory-host-services';
import type { HostServices } from '../hardware/contract/till-host';
import {
  registerIpcRouter,
  type EventTargetLike,
  type InvokeEventLike,
  type IpcMainLike,
} from './ipc-router';
import { isAppUrl } from './security';

/** A fake ipcMain: keeps handlers and invokes them like Electron does. */
function fakeIpcMain() {
  const handlers = new Map<string, (e: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const invoke = (channel: string, frameUrl: string | null, ...args: unknown[]) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    const event: InvokeEventLike = {
      senderFrame: frameUrl === null ? null : { url: frameUrl, parent: null },
    };
    return h(event, ...args);
  };
  return { ipcMain, handlers, invoke };
}

const APP = 'app://till/index.html';

function setup(
  services: HostServices = createMemoryHostServices({ now: () => '2026-11-23T10:00:00.000Z' }),
) {
  const fake = fakeIpcMain();
  const sent: { channel: string; payload: unknown }[] = [];
  const target: EventTargetLike = {
    isDestroyed: () => false,
    send: (channel, payload) => sent.push({ channel, payload }),
  };
  const router = registerIpcRouter({
    ipcMain: fake.ipcMain,
    services,
    isAppUrl: (u) => isAppUrl(u),
    eventTargets: () => [target],
    log: () => {},
  });
  return { ...fake, router, sent };
}

describe('IPC router', () => {
  it('registers one read or write channel per call', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([
      'till:read:printer:status',
      'till:read:scanner:list',
      'till:read:settings:get',
      'till:write:drawer:open',
      'till:write:printer:print',
      'till:write:settings:set',
    ]);
  });

  it('answers a valid call from the till page with the reply envelope', async () => {
    const { invoke } = setup();
    const reply = await invoke(ipcChannelForCall('drawerOpen'), APP, {
      reason: 'cash_tender',
      userId: 'cashier-7',
      saleId: 'sale-1',
      printerId: null,
    });
    expect(reply).toEqual({
      ok: true,
      value: { printerId: 'receipt', openedAt: '2026-11-23T10:00:00.000Z' },
    });
  });

  it('refuses a call from another origin, a sub-frame or a destroyed frame', async () => {
    const services = createMemoryHostServices();
    const { handlers, invoke } = setup(services);
    const ch = ipcChannelForCall('settingsGet');
    expect(await invoke(ch, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await invoke(ch, 'file:///etc/passwd')).toMatchObject({ ok: false });
    expect(await invoke(ch, null)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const sub = await handlers.get(ch)!({ senderFrame: { url: APP, parent: {} } }, {});
    expect(sub).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(services.received).toEqual([]);
  });

  it('answers arguments that break the contract with invalid_request, never a throw', async () => {
    const { invoke } = setup();
    const ch = ipcChannelForCall('printerPrint');
    await expect(
      invoke(ch, APP, { jobId: 'j', printerId: null, job: { kind: 'pdf' } }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    await expect(invoke(ch, APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    await expect(invoke(ch, APP, {}, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('exactly one argument') },
    });
  });

  it('turns a throwing service into an internal error reply', async () => {
    const services = createMemoryHostServices();
    services.override('scannerList', async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const { invoke } = setup(services);
    expect(await invoke(ipcChannelForCall('scannerList'), APP, {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'scanner:list: cannot read properties of undefined' },
    });
  });

  it('forwards host events to the windows, and drops malformed ones', () => {
    const services = createMemoryHostServices();
    const { sent } = setup(services);
    const scan = {
      code: '6901234567892',
      source: 'serial' as const,
      port: '/dev/ttyACM0',
      at: '2026-11-23T10:00:00.000Z',
    };
    services.emit({ name: 'scannerScan', payload: scan });
    services.emit({ name: 'scannerScan', payload: { ...scan, code: '' } });
    expect(sent).toEqual([{ channel: ipcChannelForEvent('scannerScan'), payload: scan }]);
  });

  it('removes its handlers and stops forwarding on dispose', () => {
    const services = createMemoryHostServices();
    const { handlers, router, sent } = setup(services);
    router.dispose();
    expect(handlers.size).toBe(0);
    services.emit({
      name: 'scannerScan',
      payload: { code: '1', source: 'serial', port: 'p', at: '2026-11-23T10:00:00.000Z' },
    });
    expect(sent).toEqual([]);
  });
});
