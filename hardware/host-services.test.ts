import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeviceSettings } from './contract/device-settings';
import { dispatchByName } from './contract/dispatch';
import { READY_PRINTER } from './contract/memory-host-services';
import { HostCallError, type HostEvent, type PrinterCondition } from './contract/till-host';
import {
  createHostServices,
  type DrawerAuditEntry,
  type DriverJob,
  type RunningHostServices,
} from './host-services';
import type { SerialScannerOptions } from './serial/serial-scanner';
import { createFileSettingsStore } from './settings/settings-store';

describe('host services', () => {
  let dir: string;
  let services: RunningHostServices;
  let condition: PrinterCondition;
  const printed: { printerId: string; job: DriverJob }[] = [];
  const kicks: string[] = [];
  const audits: DrawerAuditEntry[] = [];
  const scanners: { options: SerialScannerOptions; stopped: boolean }[] = [];
  const events: HostEvent[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-host-'));
    condition = { ...READY_PRINTER };
    for (const a of [printed, kicks, audits, scanners, events]) a.length = 0;
    services = await createHostServices({
      settings: createFileSettingsStore(join(dir, 'devices.json'), { log: () => {} }),
      printer: {
        print: async (p, job) => {
          if (condition.paperOut) {
            throw new HostCallError(
              'printer_out_of_paper',
              'Printer out of paper — the receipt will print when paper is loaded',
            );
          }
          printed.push({ printerId: p.id, job });
          return { bytes: job.kind === 'raw' ? job.bytes.length : 100, warning: null };
        },
        status: async () => condition,
        openDrawer: async (p) => {
          kicks.push(p.id);
        },
      },
      listPorts: async () => [],
      startScanner: (options) => {
        const entry = { options, stopped: false };
        scanners.push(entry);
        return {
          state: () => (entry.stopped ? 'stopped' : 'open'),
          stop: async () => {
            entry.stopped = true;
          },
        };
      },
      now: () => '2026-11-23T10:00:00.000Z',
      onDrawerOpened: (e) => audits.push(e),
      log: () => {},
    });
    services.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints raw bytes on the receipt printer', async () => {
    const reply = await dispatchByName(services, 'printerPrint', {
      jobId: 'job-1',
      printerId: null,
      job: { kind: 'raw', bytesBase64: Buffer.from([0x1b, 0x40, 0x41]).toString('base64') },
    });
    expect(reply).toEqual({
      ok: true,
      value: { jobId: 'job-1', printerId: 'receipt', bytes: 3, warning: null },
    });
    expect(printed[0]?.job).toEqual({ kind: 'raw', bytes: new Uint8Array([0x1b, 0x40, 0x41]) });
  });

  it('passes the driver’s named refusal through, with its message for the cashier', async () => {
    condition = { ...READY_PRINTER, paperOut: true };
    const reply = await dispatchByName(services, 'printerPrint', {
      jobId: 'job-2',
      printerId: null,
      job: { kind: 'receipt', document: { lines: [] }, copy: false },
    });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'printer_out_of_paper',
        message: 'Printer out of paper — the receipt will print when paper is loaded',
      },
    });
    expect(printed).toEqual([]);
  });

  it('answers not_configured for an unknown printer id', async () => {
    const reply = await dispatchByName(services, 'printerStatus', { printerId: 'kitchen' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_configured' } });
  });

  it('opens the drawer and records who and why', async () => {
    const reply = await dispatchByName(services, 'drawerOpen', {
      reason: 'no_sale',
      userId: 'manager-1',
      saleId: null,
      printerId: null,
    });
    expect(reply).toEqual({
      ok: true,
      value: { printerId: 'receipt', openedAt: '2026-11-23T10:00:00.000Z' },
    });
    expect(kicks).toEqual(['receipt']);
    expect(audits).toEqual([
      {
        at: '2026-11-23T10:00:00.000Z',
        printerId: 'receipt',
        reason: 'no_sale',
        userId: 'manager-1',
        saleId: null,
      },
    ]);
  });

  it('starts the serial scanner when settings turn it on, restarts it on a port change, and forwards scans', async () => {
    expect(scanners).toHaveLength(0);
    const on = {
      ...defaultDeviceSettings(),
      scanner: { enabled: true, path: '/dev/ttyACM0', baudRate: 9600 },
    };
    await dispatchByName(services, 'settingsSet', { settings: on });
    await new Promise((r) => setTimeout(r, 10));
    expect(scanners.map((s) => s.options.path)).toEqual(['/dev/ttyACM0']);
    scanners[0]?.options.onScan({
      code: '6901234567892',
      source: 'serial',
      port: '/dev/ttyACM0',
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(events).toEqual([
      {
        name: 'scannerScan',
        payload: {
          code: '6901234567892',
          source: 'serial',
          port: '/dev/ttyACM0',
          at: '2026-11-23T10:00:00.000Z',
        },
      },
    ]);
    await dispatchByName(services, 'settingsSet', {
      settings: { ...on, scanner: { ...on.scanner, path: '/dev/ttyACM1' } },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(scanners.map((s) => [s.options.path, s.stopped])).toEqual([
      ['/dev/ttyACM0', true],
      ['/dev/ttyACM1', false],
    ]);
  });

  it('refuses settings that fail the schema before they reach the store', async () => {
    const reply = await dispatchByName(services, 'settingsSet', {
      settings: { ...defaultDeviceSettings(), receiptPrinterId: 'nope' },
    });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        message: expect.stringContaining('not in the printer list'),
      },
    });
    expect(await services.settingsGet({})).toEqual(defaultDeviceSettings());
  });
});

describe('host services printer lanes', () => {
  it('never talks to one printer twice at once (poll, print and drawer take turns)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'till-lanes-'));
    let active = 0;
    let maxActive = 0;
    const busy = async <T>(v: T): Promise<T> => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 15));
      active -= 1;
      return v;
    };
    const services = await createHostServices({
      settings: createFileSettingsStore(join(dir, 'devices.json'), { log: () => {} }),
      printer: {
        print: () => busy({ bytes: 10, warning: null }),
        status: () => busy(READY_PRINTER),
        openDrawer: () => busy(undefined),
      },
      listPorts: async () => [],
      startScanner: () => {
        throw new Error('unused');
      },
      statusPollMs: 5,
      log: () => {},
    });
    const job = { kind: 'raw' as const, bytesBase64: 'G0A=' };
    const replies = await Promise.all([
      dispatchByName(services, 'printerPrint', { jobId: 'a', printerId: null, job }),
      dispatchByName(services, 'printerStatus', { printerId: null }),
      dispatchByName(services, 'drawerOpen', {
        reason: 'cash_tender',
        userId: 'c1',
        saleId: 's1',
        printerId: null,
      }),
      dispatchByName(services, 'printerPrint', { jobId: 'b', printerId: null, job }),
    ]);
    await services.close();
    rmSync(dir, { recursive: true, force: true });
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(maxActive).toBe(1);
  });
});

describe('host services print-once', () => {
  it('prints a job id at most once, and retries one that failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'till-once-'));
    const printed: string[] = [];
    let paperOut = true;
    const services = await createHostServices({
      settings: createFileSettingsStore(join(dir, 'devices.json'), { log: () => {} }),
      printer: {
        print: async (_p, job) => {
          if (paperOut) throw new HostCallError('printer_out_of_paper', 'Printer out of paper');
          printed.push(job.kind);
          return { bytes: 3, warning: null };
        },
        status: async () => READY_PRINTER,
        openDrawer: async () => {},
      },
      listPorts: async () => [],
      startScanner: () => {
        throw new Error('unused');
      },
      log: () => {},
    });
    const args = {
      jobId: 'job-7',
      printerId: null,
      job: { kind: 'raw' as const, bytesBase64: 'G0A=' },
    };
    expect(await dispatchByName(services, 'printerPrint', args)).toMatchObject({
      ok: false,
      error: { code: 'printer_out_of_paper' },
    });
    paperOut = false;
    const first = await dispatchByName(services, 'printerPrint', args);
    const retry = await dispatchByName(services, 'printerPrint', args);
    await services.close();
    rmSync(dir, { recursive: true, force: true });
    expect(first).toEqual({
      ok: true,
      value: { jobId: 'job-7', printerId: 'receipt', bytes: 3, warning: null },
    });
    expect(retry).toEqual(first);
    expect(printed).toEqual(['raw']);
  });
});
