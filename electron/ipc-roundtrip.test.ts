// The whole Electron path in plain Node: renderer TillHost client → preload API → (fake)
// IPC → router → host services, and events back. Fakes stand in only for Electron's own
// ipcMain/ipcRenderer pair.
import { describe, expect, it } from 'vitest';
import { createMemoryHostServices } from '../hardware/contract/memory-host-services';
import type { PrinterStatus, ScanEvent } from '../hardware/contract/till-host';
import { createElectronTillHost } from '../renderer/host/electron-client';
import { registerIpcRouter, type InvokeEventLike, type IpcMainLike } from './ipc-router';
import { buildPreloadApi, type IpcRendererLike } from './preload-api';
import { isAppUrl } from './security';

function fakeElectronIpc(frameUrl: string) {
  const handlers = new Map<string, (e: InvokeEventLike, ...a: unknown[]) => Promise<unknown>>();
  const rendererListeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const ipcMain: IpcMainLike = {
    handle: (c, l) => void handlers.set(c, l),
    removeHandler: (c) => void handlers.delete(c),
  };
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone, like Electron: nothing but data crosses.
      const reply = await h(
        { senderFrame: { url: frameUrl, parent: null } },
        ...structuredClone(args),
      );
      return structuredClone(reply);
    },
    on: (channel, l) => {
      let set = rendererListeners.get(channel);
      if (!set) rendererListeners.set(channel, (set = new Set()));
      set.add(l);
    },
    removeListener: (channel, l) => rendererListeners.get(channel)?.delete(l),
  };
  const webContents = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => {
      for (const l of rendererListeners.get(channel) ?? []) l({}, structuredClone(payload));
    },
  };
  return { ipcMain, ipcRenderer, webContents, rendererListeners };
}

function setup(frameUrl = 'app://till/index.html') {
  const services = createMemoryHostServices({ now: () => '2026-11-23T10:00:00.000Z' });
  const ipc = fakeElectronIpc(frameUrl);
  registerIpcRouter({
    ipcMain: ipc.ipcMain,
    services,
    isAppUrl: (u) => isAppUrl(u),
    eventTargets: () => [ipc.webContents],
    log: () => {},
  });
  const host = createElectronTillHost(buildPreloadApi(ipc.ipcRenderer), { warn: () => {} });
  return { services, host, ...ipc };
}

describe('Electron IPC round trip', () => {
  it('reads and writes device settings', async () => {
    const { host } = setup();
    const got = await host.settingsGet({});
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const next = { ...got.value, scanner: { enabled: true, path: 'COM3', baudRate: 9600 } };
    expect(await host.settingsSet({ settings: next })).toEqual({ ok: true, value: next });
    expect(await host.settingsGet({})).toEqual({ ok: true, value: next });
  });

  it('delivers serial scans and printer status changes to subscribers, until they unsubscribe', () => {
    const { host, services, rendererListeners } = setup();
    const scans: ScanEvent[] = [];
    const statuses: PrinterStatus[] = [];
    const off = host.onScan((s) => scans.push(s));
    host.onPrinterStatusChanged((s) => statuses.push(s));
    const scan: ScanEvent = {
      code: '6901234567892',
      source: 'serial',
      port: 'COM3',
      at: '2026-11-23T10:00:00.000Z',
    };
    services.emit({ name: 'scannerScan', payload: scan });
    const status: PrinterStatus = {
      printerId: 'receipt',
      online: false,
      paperOut: true,
      paperNearEnd: true,
      coverOpen: false,
      drawerOpen: null,
      error: false,
      checkedAt: '2026-11-23T10:00:00.000Z',
    };
    services.emit({ name: 'printerStatusChanged', payload: status });
    off();
    services.emit({ name: 'scannerScan', payload: { ...scan, code: '4006381333931' } });
    expect(scans).toEqual([scan]);
    expect(statuses).toEqual([status]);
    expect(rendererListeners.get('till:event:scanner:scan')?.size).toBe(0);
  });

  it('answers a page from another origin with unauthorized, never a throw', async () => {
    const { host, services } = setup('https://evil.example/');
    const reply = await host.drawerOpen({
      reason: 'no_sale',
      userId: 'u1',
      saleId: null,
      printerId: null,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(services.received).toEqual([]);
  });
});
