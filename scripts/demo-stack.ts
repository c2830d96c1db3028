// The demo stack behind `npm start` with no configuration: a local head office on an
// embedded SQLite file (demo store and terminal, a one-time enrolment code while the till
// has not enrolled, the demo catalogue with stock loaded through the admin import), the
// virtual receipt printer writing receipts to <dataDir>/receipts, and the hardware bridge
// whose host services drive that printer. Everything listens on 127.0.0.1; state that must
// survive a restart (SQLite file, demo-state.json, device settings) lives in dataDir.
//
//   npx tsx scripts/demo-stack.ts   runs it alone and prints the till config blocks.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { columnsForPaper } from '../domain/receipt';
import type { TillConfig } from '../renderer/config';
import { startDemoDevices } from './demo/devices';
import { startDemoHeadOffice } from './demo/head-office';

export const DEFAULT_DEMO_DIR = path.join('.data', 'demo');
/** The architecture's demo catalogue: 2,000 products, some weighed. */
export const DEMO_PRODUCTS = 2_000;

export interface DemoStackOptions {
  /** Folder for the SQLite file, state and receipts; default .data/demo. */
  dataDir?: string;
  products?: number;
  /** Ports; 0 (default) = free ports. */
  headOfficePort?: number;
  printerPort?: number;
  bridgePort?: number;
  /** ms between printer status polls; default 1,000. */
  statusPollMs?: number;
  /** Exact till page origins allowed on the bridge; default any loopback origin. */
  allowedOrigins?: readonly string[];
  log?: (line: string) => void;
}

export interface DemoStack {
  /** For the till config's `headOffice` block. enrolmentCode is null once enrolled. */
  headOffice: { url: string; enrolmentCode: string | null; adminToken: string };
  /** For the till config's `bridge` block. */
  bridge: { url: string; secret: string };
  /** paperWidth (mm) of the receipt printer in the device settings, for the preview's columns. */
  printer: { host: string; port: number; receiptsDir: string; paperWidth: 58 | 80 };
  close(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DEMO_DIR);
  const receiptsDir = path.join(dataDir, 'receipts');
  const log = options.log ?? ((line: string) => console.log(`[demo] ${line}`));
  const headOffice = await startDemoHeadOffice({
    dataDir,
    products: options.products ?? DEMO_PRODUCTS,
    port: options.headOfficePort ?? 0,
    log,
  });
  try {
    const devices = await startDemoDevices({
      dataDir,
      receiptsDir,
      printerPort: options.printerPort ?? 0,
      bridgePort: options.bridgePort ?? 0,
      statusPollMs: options.statusPollMs ?? 1_000,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      log,
    });
    const settings = await devices.services.settingsGet({});
    const receiptPrinter = settings.printers.find((p) => p.id === settings.receiptPrinterId);
    log(`head office ${headOffice.url} (${path.join(dataDir, 'head-office.sqlite')})`);
    log(`virtual printer ${devices.printer.address} → ${receiptsDir}`);
    log(`hardware bridge ${devices.bridge.url}`);
    let closed: Promise<void> | null = null;
    return {
      headOffice: {
        url: headOffice.url,
        enrolmentCode: headOffice.enrolmentCode,
        adminToken: headOffice.adminToken,
      },
      bridge: { url: devices.bridge.url, secret: devices.secret },
      printer: {
        host: '127.0.0.1',
        port: devices.printer.port,
        receiptsDir,
        paperWidth: receiptPrinter?.paperWidth ?? 80,
      },
      close() {
        closed ??= devices.close().then(() => headOffice.close());
        return closed;
      },
    };
  } catch (error) {
    await headOffice.close();
    throw error;
  }
}

/** The till config blocks for a running stack (see renderer/config.ts). */
export function demoTillConfigBlocks(stack: DemoStack): {
  headOffice: { url: string; enrolmentCode?: string };
  bridge: { url: string; secret: string };
} {
  return {
    headOffice: {
      url: stack.headOffice.url,
      ...(stack.headOffice.enrolmentCode ? { enrolmentCode: stack.headOffice.enrolmentCode } : {}),
    },
    bridge: stack.bridge,
  };
}

/**
 * The till config `npm start` serves with the stack running: the head office and bridge
 * blocks, and the preview laid out to the receipt printer's paper so screen and paper
 * show the same lines.
 */
export function withDemoStack(config: TillConfig, stack: DemoStack): TillConfig {
  return {
    ...config,
    ...demoTillConfigBlocks(stack),
    receiptColumns: columnsForPaper(stack.printer.paperWidth),
  };
}

async function main(): Promise<void> {
  const stack = await startDemoStack();
  console.log(JSON.stringify(demoTillConfigBlocks(stack), null, 2));
  const stop = (): void => {
    void stack.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
