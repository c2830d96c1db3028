import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDeviceSettings, type DeviceSettings } from '../contract/device-settings';
import { createFileSettingsStore } from './settings-store';

describe('file settings store', () => {
  let dir: string;
  let file: string;
  const logs: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'till-settings-'));
    file = join(dir, 'nested', 'devices.json');
    logs.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const store = () =>
    createFileSettingsStore(file, { log: (m) => logs.push(m), stamp: () => 'T1' });

  const withScanner: DeviceSettings = {
    ...defaultDeviceSettings(),
    printers: [
      {
        id: 'front',
        name: 'Front counter',
        address: 'tcp://192.168.1.50:9100',
        paperWidth: 58,
        profile: 'raster',
        drawer: null,
      },
    ],
    receiptPrinterId: 'front',
    scanner: { enabled: true, path: '/dev/ttyACM0', baudRate: 115200 },
  };

  it('starts from the defaults when there is no file', async () => {
    expect(await store().get()).toEqual(defaultDeviceSettings());
    expect(existsSync(file)).toBe(false);
  });

  it('writes settings and reads them back in a new store', async () => {
    await store().set(withScanner);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(withScanner);
    expect(await store().get()).toEqual(withScanner);
  });

  it('refuses invalid settings with the field and reason, and keeps the old ones', async () => {
    const s = store();
    await s.set(withScanner);
    const bad = {
      ...withScanner,
      printers: [{ ...withScanner.printers[0], address: 'lpt1' }],
    };
    await expect(s.set(bad)).rejects.toMatchObject({
      code: 'settings_invalid',
      message: expect.stringContaining('printers.0.address: Printer address must be tcp://'),
    });
    expect(await s.get()).toEqual(withScanner);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(withScanner);
  });

  it('refuses an enabled scanner with no port, and a receipt printer not in the list', async () => {
    const s = store();
    await expect(
      s.set({ ...withScanner, scanner: { enabled: true, path: null, baudRate: 9600 } }),
    ).rejects.toThrow(/Choose the scanner port/);
    await expect(s.set({ ...withScanner, receiptPrinterId: 'back' })).rejects.toThrow(
      /Receipt printer "back" is not in the printer list/,
    );
  });

  it('moves a corrupt file aside and uses the defaults', async () => {
    await store().set(withScanner);
    writeFileSync(file, '{"version": 1, "printers": [', 'utf8');
    expect(await store().get()).toEqual(defaultDeviceSettings());
    expect(existsSync(`${file}.invalid-T1`)).toBe(true);
    expect(logs[0]).toMatch(/not valid JSON/);
  });

  it('tells subscribers about a saved change', async () => {
    const s = store();
    const seen: DeviceSettings[] = [];
    s.onChange((v) => seen.push(v));
    await s.set(withScanner);
    expect(seen).toEqual([withScanner]);
  });
});
