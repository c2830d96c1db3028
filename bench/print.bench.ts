// Sale → paper: how long after the cashier presses "Complete sale" the last byte of the
// receipt reaches the printer. The real path in browser mode: Debian chromium, the till
// served on 127.0.0.1, completeSale in IndexedDB (durability strict), the device wiring
// (drawer kick first, then the spooler), the TillHost bridge over a WebSocket, the host
// services, the ESC/POS printer driver (DLE EOT before and after each job) and the
// virtual TCP printer. Each sale: 2 demo products, paid in cash.
//
// Figures (ms):
// - print.sale_to_printer.p95_ms (goal ≤ 300) and .p50_ms: the click on "Complete sale"
//   (its event timestamp in the page, as epoch ms) → the virtual printer receives the cut
//   that ends that receipt (epoch ms in this process; same machine clock).
// - print.sale_to_drawer.p50_ms / .p95_ms: the click → the drawer kick arrives (the sale
//   transaction, the store update, the bridge round trip and the printer's ESC p).
// - print.drawer_to_printer.p50_ms / .p95_ms: the drawer kick → the receipt's cut, i.e.
//   what printing adds after the drawer has opened (spooler bookkeeping, receipt document,
//   bridge, DLE EOT status check, ESC/POS encoding and sending).
// The kick's arrival is sampled every 1 ms, so those two split the total to about ±1 ms.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoProduct, isDemoWeighed } from '../renderer/db/demo-catalogue';
import { startDemoDevices } from '../scripts/demo/devices';
import { CashierScreen } from '../tests/e2e/pages/cashier-screen';
import { launchChromium } from '../tests/e2e/support/chromium';
import { startTillApp } from '../tests/e2e/support/till-app';
import { percentile, round, type BenchResult } from './lib';

const WARMUP = 3;
const SALES = 40;

declare global {
  interface Window {
    __completeClickedAt?: number;
  }
}

/** Epoch ms with sub-ms precision, comparable across processes on one machine. */
const epochNow = (): number => performance.timeOrigin + performance.now();

/** Barcodes of non-weighed demo products within the e2e catalogue (300 seeded). */
function barcodes(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 300; i++)
    if (!isDemoWeighed(i)) out.push(demoProduct(i).barcodes[0] as string);
  return out;
}

/** Record the page-side time of every click on "Complete sale". */
async function watchCompleteClicks(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      (e) => {
        const button = (e.target as Element | null)?.closest('button');
        if (button?.textContent?.trim().startsWith('Complete sale')) {
          window.__completeClickedAt = performance.timeOrigin + e.timeStamp;
        }
      },
      true,
    );
  });
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'till-print-bench-'));
  const devices = await startDemoDevices({
    dataDir,
    receiptsDir: path.join(dataDir, 'receipts'),
    printerPort: 0,
    bridgePort: 0,
    statusPollMs: 1_000,
    log: () => {},
  });
  const server = await startTillApp({
    bridge: { url: devices.bridge.url, secret: devices.secret },
  });
  const chrome = await launchChromium();
  const codes = barcodes();
  const cutAt: number[] = [];
  const kickAt: number[] = [];
  const offReceipt = devices.printer.onReceipt(() => cutAt.push(epochNow()));
  const kicks = setInterval(() => {
    while (kickAt.length < devices.printer.drawerKicks.length) kickAt.push(epochNow());
  }, 1);
  try {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    await watchCompleteClicks(page);
    const saleToPaper: number[] = [];
    const drawerToPaper: number[] = [];
    const saleToDrawer: number[] = [];
    for (let i = 0; i < WARMUP + SALES; i++) {
      await till.scan(codes[(2 * i) % codes.length] as string);
      await till.scan(codes[(2 * i + 1) % codes.length] as string);
      const pay = await till.pay();
      await pay.tender('1000');
      const receipts = devices.printer.receipts.length;
      const kicksBefore = devices.printer.drawerKicks.length;
      await pay.complete();
      await devices.printer.waitForReceipts(receipts + 1, 15_000);
      const clicked = await page.evaluate(() => window.__completeClickedAt ?? null);
      const cut = cutAt[receipts];
      const kick = kickAt[kicksBefore];
      if (clicked === null || cut === undefined) throw new Error('no timing for sale ' + i);
      if (i >= WARMUP) {
        saleToPaper.push(cut - clicked);
        if (kick !== undefined) {
          drawerToPaper.push(cut - kick);
          saleToDrawer.push(kick - clicked);
        }
      }
      await page.evaluate(() => (window.__completeClickedAt = undefined));
      await till.receipt.waitFor({ state: 'visible' });
    }
    console.log(
      `[print.bench] ${SALES} sales: sale→paper p50 ${round(percentile(saleToPaper, 50))} ms, ` +
        `p95 ${round(percentile(saleToPaper, 95))} ms, max ${round(Math.max(...saleToPaper))} ms`,
    );
    return [
      {
        name: 'print.sale_to_printer.p95_ms',
        value: round(percentile(saleToPaper, 95)),
        unit: 'ms',
      },
      {
        name: 'print.sale_to_printer.p50_ms',
        value: round(percentile(saleToPaper, 50)),
        unit: 'ms',
      },
      {
        name: 'print.sale_to_drawer.p50_ms',
        value: round(percentile(saleToDrawer, 50)),
        unit: 'ms',
      },
      {
        name: 'print.sale_to_drawer.p95_ms',
        value: round(percentile(saleToDrawer, 95)),
        unit: 'ms',
      },
      {
        name: 'print.drawer_to_printer.p95_ms',
        value: round(percentile(drawerToPaper, 95)),
        unit: 'ms',
      },
      {
        name: 'print.drawer_to_printer.p50_ms',
        value: round(percentile(drawerToPaper, 50)),
        unit: 'ms',
      },
    ];
  } finally {
    clearInterval(kicks);
    offReceipt();
    await chrome.close();
    await server.close();
    await devices.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
