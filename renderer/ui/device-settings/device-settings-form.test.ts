import { describe, expect, it } from 'vitest';
import {
  defaultDeviceSettings,
  type DeviceSettings,
} from '../../../hardware/contract/device-settings';
import { formFromSettings, settingsFromForm, testPageBase64 } from './device-settings-form';

const base: DeviceSettings = defaultDeviceSettings();

describe('device settings form', () => {
  it('round-trips the settings unchanged', () => {
    const result = settingsFromForm(base, formFromSettings(base));
    expect(result).toEqual({ ok: true, settings: base });
  });

  it('applies a network printer on 58 mm raster paper and a serial scanner', () => {
    const form = {
      ...formFromSettings(base),
      printerAddress: 'tcp://192.168.1.50:9100',
      paperWidth: '58' as const,
      profile: 'raster' as const,
      drawerPin: '5' as const,
      scannerEnabled: true,
      scannerPath: ' /dev/ttyACM0 ',
      baudRate: '115200',
    };
    const result = settingsFromForm(base, form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.printers[0]).toEqual({
      id: 'receipt',
      name: 'Receipt printer',
      address: 'tcp://192.168.1.50:9100',
      paperWidth: 58,
      profile: 'raster',
      drawer: { pin: 5, pulseMs: 50 },
    });
    expect(result.settings.scanner).toEqual({
      enabled: true,
      path: '/dev/ttyACM0',
      baudRate: 115200,
    });
  });

  it('puts each schema error on its field, in words', () => {
    const form = {
      ...formFromSettings(base),
      printerAddress: '192.168.1.50',
      printerName: ' ',
      scannerEnabled: true,
      scannerPath: '',
    };
    const result = settingsFromForm(base, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      printerName: 'Printer name is required',
      printerAddress:
        'Printer address must be tcp://host:port (for example tcp://192.168.1.50:9100) or "virtual"',
      scannerPath: 'Choose the scanner port, or turn the serial scanner off',
    });
  });

  it('refuses a baud rate outside the supported list', () => {
    const result = settingsFromForm(base, { ...formFromSettings(base), baudRate: '12345' });
    expect(result).toMatchObject({
      ok: false,
      errors: { baudRate: expect.stringContaining('9600') },
    });
  });

  it('turns the drawer off', () => {
    const result = settingsFromForm(base, { ...formFromSettings(base), drawerEnabled: false });
    expect(result.ok && result.settings.printers[0]?.drawer).toBeNull();
  });

  it('builds an ASCII test page that starts with ESC @ and ends with a cut', () => {
    const bytes = Uint8Array.from(atob(testPageBase64('前台 Front', '2026-11-23T10:00:00Z')), (c) =>
      c.charCodeAt(0),
    );
    expect([...bytes.slice(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.slice(-3)]).toEqual([0x1d, 0x56, 1]);
    const text = String.fromCharCode(...bytes.slice(2, -6));
    expect(text).toBe(
      'Till test print\n?? Front\n2026-11-23T10:00:00Z\nIf you can read this, the printer works.\n',
    );
  });
});
