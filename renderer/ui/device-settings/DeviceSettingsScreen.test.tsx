// Static render (no DOM here): checks the screen's accessible structure — every input has a
// label, errors and hints are wired with aria-describedby, the buttons have names.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultDeviceSettings } from '../../../hardware/contract/device-settings';
import { createUnavailableTillHost } from '../../host/contract-client';
import { DeviceSettingsScreen } from './DeviceSettingsScreen';

function render() {
  return renderToStaticMarkup(
    <DeviceSettingsScreen
      host={createUnavailableTillHost('test')}
      userId="manager-1"
      initial={{
        settings: defaultDeviceSettings(),
        ports: [
          {
            path: '/dev/ttyACM0',
            manufacturer: 'Honeywell',
            serialNumber: null,
            vendorId: null,
            productId: null,
          },
        ],
      }}
    />,
  );
}

describe('DeviceSettingsScreen', () => {
  it('labels every input and select', () => {
    const html = render();
    const ids = [...html.matchAll(/<(?:input|select)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
    for (const label of [
      'Printer address 地址',
      'Paper width 纸宽',
      'Printer profile 打印方式',
      'Scanner port 端口',
      'Baud rate 波特率',
    ]) {
      expect(html).toContain(label);
    }
  });

  it('offers the found ports and the supported baud rates', () => {
    const html = render();
    expect(html).toContain('<option value="/dev/ttyACM0">Honeywell</option>');
    expect(html).toContain('Found: /dev/ttyACM0');
    expect(html).toContain('<option value="115200">115200</option>');
  });

  it('has named buttons for save, test print and test drawer, and a live status region', () => {
    const html = render();
    for (const name of ['Save 保存', 'Test print 测试打印', 'Test drawer 测试钱箱']) {
      expect(html).toContain(`>${name}</button>`);
    }
    expect(html).toMatch(/role="status"/);
  });

  it('ties hints to their inputs', () => {
    const html = render();
    const m = /<input[^>]*aria-describedby="([^"]+-hint)"[^>]*placeholder="tcp:/.exec(html);
    expect(m).not.toBeNull();
    expect(html).toContain(`id="${m?.[1]}"`);
  });
});
