import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSerialPorts } from './list-ports';

describe('listSerialPorts', () => {
  let devDir: string;
  let binDir: string;
  beforeEach(() => {
    devDir = mkdtempSync(join(tmpdir(), 'till-dev-'));
    binDir = mkdtempSync(join(tmpdir(), 'till-bin-'));
    for (const name of ['ttyACM0', 'ttyUSB1', 'tty0', 'null'])
      writeFileSync(join(devDir, name), '');
  });
  afterEach(() => {
    rmSync(devDir, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  });

  const devNodes = () => [join(devDir, 'ttyACM0'), join(devDir, 'ttyUSB1')];

  it('never calls SerialPort.list on Linux when udevadm is missing, and lists /dev nodes', async () => {
    let called = false;
    const ports = await listSerialPorts({
      platform: 'linux',
      pathEnv: binDir,
      devDir,
      list: async () => {
        called = true;
        return [];
      },
    });
    expect(called).toBe(false);
    expect(ports.map((p) => p.path)).toEqual(devNodes());
  });

  it('maps what SerialPort.list returns when udevadm is present', async () => {
    writeFileSync(join(binDir, 'udevadm'), '');
    const ports = await listSerialPorts({
      platform: 'linux',
      pathEnv: binDir,
      devDir,
      list: async () => [{ path: '/dev/ttyACM7', manufacturer: 'Honeywell', vendorId: '0c2e' }],
    });
    expect(ports).toEqual([
      {
        path: '/dev/ttyACM7',
        manufacturer: 'Honeywell',
        serialNumber: null,
        vendorId: '0c2e',
        productId: null,
      },
    ]);
  });

  it('falls back to /dev nodes when the listing fails or hangs', async () => {
    writeFileSync(join(binDir, 'udevadm'), '');
    const failing = await listSerialPorts({
      platform: 'linux',
      pathEnv: binDir,
      devDir,
      list: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
    });
    expect(failing.map((p) => p.path)).toEqual(devNodes());
    const hanging = await listSerialPorts({
      platform: 'linux',
      pathEnv: binDir,
      devDir,
      timeoutMs: 50,
      list: () => new Promise(() => {}),
    });
    expect(hanging.map((p) => p.path)).toEqual(devNodes());
  });

  it('answers an empty list on other platforms when listing fails', async () => {
    const ports = await listSerialPorts({
      platform: 'win32',
      list: async () => {
        throw new Error('no');
      },
    });
    expect(ports).toEqual([]);
  });
});
