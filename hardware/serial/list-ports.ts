// Lists serial ports for the device settings screen. SerialPort.list() on Linux spawns
// `udevadm`; where it is missing (containers, minimal images) the spawn error can take the
// process down, so we only call it when udevadm is on PATH, give it a time limit, and fall
// back to the USB/ACM device nodes in /dev. Listing never throws.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SerialPort } from 'serialport';
import type { SerialPortInfo } from '../contract/till-host';

interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface ListPortsDeps {
  list?: () => Promise<RawPortInfo[]>;
  platform?: NodeJS.Platform;
  /** PATH to look for udevadm in. */
  pathEnv?: string;
  /** Where device nodes live (tests point it at a temp folder). */
  devDir?: string;
  /** ms before we give up on SerialPort.list(). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/** USB-serial and CDC-ACM nodes: what scanners show up as on Linux. */
const DEV_PATTERN = /^tty(USB|ACM)\d+$/;

export function commandOnPath(command: string, pathEnv: string): boolean {
  return pathEnv
    .split(delimiter)
    .filter((d) => d.length > 0)
    .some((dir) => existsSync(join(dir, command)));
}

function fromDevDir(devDir: string): SerialPortInfo[] {
  try {
    return readdirSync(devDir)
      .filter((name) => DEV_PATTERN.test(name))
      .sort()
      .map((name) => ({
        path: join(devDir, name),
        manufacturer: null,
        serialNumber: null,
        vendorId: null,
        productId: null,
      }));
  } catch {
    return [];
  }
}

export async function listSerialPorts(deps: ListPortsDeps = {}): Promise<SerialPortInfo[]> {
  const platform = deps.platform ?? process.platform;
  const pathEnv = deps.pathEnv ?? process.env.PATH ?? '';
  const devDir = deps.devDir ?? '/dev';
  const log = deps.log ?? (() => {});
  const list = deps.list ?? (() => SerialPort.list());
  const timeoutMs = deps.timeoutMs ?? 3_000;

  if (platform === 'linux' && !commandOnPath('udevadm', pathEnv)) {
    log('udevadm not found: listing /dev/ttyUSB* and /dev/ttyACM* instead');
    return fromDevDir(devDir);
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const raw = await Promise.race([
      list(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const ports = raw.map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
    }));
    if (ports.length === 0 && platform === 'linux') return fromDevDir(devDir);
    return ports;
  } catch (error) {
    log(`listing serial ports failed: ${error instanceof Error ? error.message : String(error)}`);
    return platform === 'linux' ? fromDevDir(devDir) : [];
  } finally {
    clearTimeout(timer);
  }
}
