// The demo's devices, as browser mode runs them: the virtual ESC/POS printer on a free
// 127.0.0.1 port (receipts as .txt/.bin files), the host services that drive it through
// the same printer driver a real TCP printer uses, and the hardware bridge the till page
// talks to with a per-start secret. Device settings live in <dataDir>/device-settings.json;
// the default receipt printer's address `virtual` resolves to this printer.
import path from 'node:path';
import {
  newBridgeSecret,
  startBridge,
  type RunningBridge,
} from '../../hardware/bridge/bridge-server';
import { createHostServices, type RunningHostServices } from '../../hardware/host-services';
import { createPrinterDriver } from '../../hardware/printer-driver';
import { listSerialPorts } from '../../hardware/serial/list-ports';
import { startSerialScanner } from '../../hardware/serial/serial-scanner';
import { createFileSettingsStore } from '../../hardware/settings/settings-store';
import { VirtualPrinter } from '../../hardware/virtual-printer';

export interface DemoDevicesOptions {
  dataDir: string;
  receiptsDir: string;
  /** Virtual printer port; 0 = a free one. */
  printerPort: number;
  /** Bridge port; 0 = a free one. */
  bridgePort: number;
  /** ms between printer status polls (printer:status-changed events). */
  statusPollMs: number;
  /** Exact till page origins allowed on the bridge; default any loopback origin. */
  allowedOrigins?: readonly string[];
  log: (line: string) => void;
}

export interface DemoDevices {
  printer: VirtualPrinter;
  services: RunningHostServices;
  bridge: RunningBridge;
  secret: string;
  close(): Promise<void>;
}

export async function startDemoDevices(opts: DemoDevicesOptions): Promise<DemoDevices> {
  const printer = await VirtualPrinter.start({ port: opts.printerPort, outDir: opts.receiptsDir });
  const closers: (() => Promise<void>)[] = [() => printer.stop()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    const services = await createHostServices({
      settings: createFileSettingsStore(path.join(opts.dataDir, 'device-settings.json'), {
        log: (m) => opts.log(`settings: ${m}`),
      }),
      printer: createPrinterDriver({ virtualAddress: printer.address }),
      listPorts: () => listSerialPorts(),
      startScanner: startSerialScanner,
      statusPollMs: opts.statusPollMs,
      log: (m) => opts.log(`host: ${m}`),
    });
    closers.push(() => services.close());
    const secret = newBridgeSecret();
    const bridge = await startBridge({
      port: opts.bridgePort,
      secret,
      services,
      ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}),
      log: (m, e) => opts.log(`bridge: ${m}${e ? ` ${String(e)}` : ''}`),
    });
    closers.push(() => bridge.close());
    return { printer, services, bridge, secret, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
