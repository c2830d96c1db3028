// The till with its devices, as a shop runs it in browser mode: the virtual ESC/POS
// printer and the hardware bridge (host services driving that printer over TCP), the till
// served on 127.0.0.1, Debian chromium. A cashier rings a cash sale; the printer gets the
// receipt (Chinese names, the total) and the drawer kick; the preview on screen shows the
// same lines as the paper. Paper out: the cashier reads why, and the receipt prints once
// when paper is back. A serial scanner on a socat pty rings up like the wedge scanner.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addProduct, computeTotals, emptyCart, type Product } from '../../domain';
import { printableText } from '../../domain/receipt';
import { DEFAULT_TILL_CONFIG } from '../../renderer/config';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { startDemoDevices, type DemoDevices } from '../../scripts/demo/devices';
import { headOfficeFile } from '../../scripts/demo/head-office';
import { startDemoStack, withDemoStack } from '../../scripts/demo-stack';
import type { TillServer } from '../../scripts/serve-till';
import { amountAfter, decodeEscPos, toHex } from '../support/escpos-decoder';
import { CashierScreen } from './pages/cashier-screen';
import { launchChromium, type RunningChromium } from './support/chromium';
import { consistencyProblems, demoOpeningStock, readTillDb } from './support/inspect-db';
import { E2E_CONFIG, startTillApp } from './support/till-app';

/** Default device settings: receipt printer on 80 mm paper (48 columns), drawer on pin 2, 50 ms. */
const COLUMNS = 48;
const KICK_PIN2_50MS = '1B 70 00 19 FA';

let dataDir: string;
let devices: DemoDevices;
/** What the host services logged (the serial scanner reports its state here). */
const hostLog: string[] = [];
let server: TillServer;
let chrome: RunningChromium;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'till-devices-e2e-'));
  devices = await startDemoDevices({
    dataDir,
    receiptsDir: path.join(dataDir, 'receipts'),
    printerPort: 0,
    bridgePort: 0,
    statusPollMs: 200,
    log: (line) => hostLog.push(line),
  });
  server = await startTillApp({
    bridge: { url: devices.bridge.url, secret: devices.secret },
    receiptColumns: COLUMNS,
  });
});
afterAll(async () => {
  await server?.close();
  await devices?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  devices.printer.makeReady();
  chrome = await launchChromium();
});
afterEach(async () => {
  await chrome?.close();
});

/** The cash drawer and printer notices, by accessible name. */
class DeviceBar {
  constructor(readonly page: Page) {}
  printer() {
    return this.page.getByRole('alert', { name: 'Printer' });
  }
  /** The printer notice's text; '' when there is none (an empty notice is not rendered). */
  async printerText(): Promise<string> {
    return (await this.printer().count()) === 0 ? '' : this.printer().innerText();
  }
  drawer() {
    return this.page.getByRole('status', { name: 'Cash drawer' });
  }
  noSale() {
    return this.page.getByRole('button', { name: /^No sale/ });
  }
}

const barcode = (p: Product): string => p.barcodes[0] as string;

/**
 * A serial barcode scanner on a socat pty pair, set up in the device settings as the till's
 * scanner: the host services open one end with serialport, `scan` writes to the other end
 * what a scanner sends (the code and CR). `unplug` restores the settings and stops socat.
 */
async function plugSerialScanner(): Promise<{
  scan(code: string): void;
  unplug(): Promise<void>;
}> {
  const hostEnd = path.join(dataDir, 'scanner-host');
  const deviceEnd = path.join(dataDir, 'scanner-device');
  const socat = spawn(
    '/usr/bin/socat',
    [`pty,raw,echo=0,link=${hostEnd}`, `pty,raw,echo=0,link=${deviceEnd}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => socat.once('exit', () => r()));
  const before = await devices.services.settingsGet({});
  const unplug = async (): Promise<void> => {
    await devices.services.settingsSet({ settings: before });
    if (socat.pid !== undefined && socat.exitCode === null) process.kill(socat.pid, 'SIGTERM');
    await exited;
  };
  try {
    await expect.poll(() => existsSync(hostEnd) && existsSync(deviceEnd)).toBe(true);
    await devices.services.settingsSet({
      settings: { ...before, scanner: { enabled: true, path: hostEnd, baudRate: 9600 } },
    });
    // Scans written before the host has the port open would be lost.
    await expect.poll(() => hostLog.some((l) => l.includes(`scanner ${hostEnd}: open`))).toBe(true);
  } catch (error) {
    await unplug();
    throw error;
  }
  return { scan: (code) => writeFileSync(deviceEnd, `${code}\r`, 'latin1'), unplug };
}
/** Non-empty lines, without trailing blanks or the zero-width space of an empty preview line. */
const printedLines = (lines: readonly string[]): string[] =>
  lines.map((l) => l.replace(/\u200b/g, '').trimEnd()).filter((l) => l !== '');

function totalOf(products: readonly Product[]): number {
  let cart = emptyCart('CNY');
  products.forEach((p, i) => {
    cart = addProduct(cart, p, { lineId: `l${i}` });
  });
  return computeTotals(cart, DEFAULT_TILL_CONFIG.pricing).total;
}

/** Scan the products, pay cash with the next 100 yuan above the total; the receipt number. */
async function ringCashSale(till: CashierScreen, products: readonly Product[]): Promise<string> {
  for (const p of products) await till.scan(barcode(p));
  await expect.poll(() => till.lines.count()).toBe(products.length);
  const pay = await till.pay();
  await pay.tender(String(Math.ceil((totalOf(products) + 1) / 10_000) * 100));
  await pay.complete();
  await till.receipt.waitFor({ state: 'visible' });
  const heading = await till.receipt.getByRole('heading').innerText();
  const number = /S001-T01-\d{6}/.exec(heading)?.[0];
  if (!number) throw new Error(`No receipt number in "${heading}"`);
  return number;
}

describe('till with printer and cash drawer', () => {
  it('prints the cash sale with its Chinese names and total, kicks the drawer, and the preview matches the paper', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    const products = [demoProduct(0), demoProduct(1), demoProduct(2)];
    const receiptsBefore = devices.printer.receipts.length;
    const kicksBefore = devices.printer.drawerKicks.length;
    const bytesBefore = devices.printer.received.length;

    const receiptNumber = await ringCashSale(till, products);
    const [printed] = (await devices.printer.waitForReceipts(receiptsBefore + 1, 15_000)).slice(
      receiptsBefore,
    );
    if (!printed) throw new Error('no receipt printed');

    // What arrived, read back by the test decoder from the raw bytes.
    const decoded = decodeEscPos(devices.printer.received.subarray(bytesBefore));
    const paper = decoded.receipts.find((r) => r.barcodes.includes(receiptNumber));
    expect(paper, `a receipt with barcode ${receiptNumber}`).toBeDefined();
    const lines = paper?.lines ?? [];
    // A name prints as the receipt layout writes it (6×330ml → 6x330ml), on paper and screen.
    for (const p of products) {
      expect(lines.some((l) => l.includes(printableText(p.name)))).toBe(true);
    }
    expect(lines.some((l) => /[\u4e00-\u9fff]/.test(l))).toBe(true);
    expect(amountAfter(lines, '合计 TOTAL')).toBe(totalOf(products));
    expect(paper?.cut).toBe(true);

    // The drawer kick: ESC p, pin 2, 50 ms on, 500 ms off.
    await expect.poll(() => devices.printer.drawerKicks.length).toBe(kicksBefore + 1);
    expect(devices.printer.drawerKicks.at(-1)).toMatchObject({ via: 'esc_p', hex: KICK_PIN2_50MS });
    const kickCommands = decoded.commands.filter((c) => c.type === 'drawer_kick');
    expect(kickCommands.map((c) => (c.type === 'drawer_kick' ? toHex(c.raw) : ''))).toEqual([
      KICK_PIN2_50MS,
    ]);

    // Screen and paper: the same lines.
    const preview = till.receipt.getByRole('document', { name: `Receipt ${receiptNumber}` });
    const onScreen = printedLines((await preview.innerText()).split('\n'));
    expect(onScreen).toEqual(printedLines(lines));
    await expect.poll(() => new DeviceBar(page).printerText()).toBe('');
  });

  it('says the printer is out of paper, keeps the receipt, and prints it once when paper is loaded', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    const bar = new DeviceBar(page);
    await till.open(server.url);
    const receiptsBefore = devices.printer.receipts.length;

    devices.printer.setState({ paperEnd: true });
    // The host's status poll tells the page before any receipt is at stake.
    await expect.poll(() => bar.printerText(), { timeout: 10_000 }).toMatch(/out of paper/i);

    const receiptNumber = await ringCashSale(till, [demoProduct(3), demoProduct(4)]);
    await expect
      .poll(() => bar.printerText(), { timeout: 10_000 })
      .toBe(
        'Printer out of paper — the receipt will print when paper is loaded (1 receipt waiting to print)',
      );
    expect(devices.printer.receipts.length).toBe(receiptsBefore);
    // The drawer still opens for the change (real-time pulse while the printer is not ready).
    await expect.poll(() => devices.printer.drawerKicks.at(-1)?.via).toBe('realtime_pulse');

    devices.printer.makeReady();
    const after = await devices.printer.waitForReceipts(receiptsBefore + 1, 15_000);
    expect(after.at(-1)?.barcodes).toEqual([receiptNumber]);
    await expect.poll(() => bar.printerText(), { timeout: 10_000 }).toBe('');
    // Several status polls and spooler rounds later, still exactly one copy on paper.
    await new Promise((r) => setTimeout(r, 1_500));
    // (Each test has a fresh profile, so receipt numbers start again: count this test's only.)
    const ours = devices.printer.receipts.slice(receiptsBefore);
    expect(ours.filter((r) => r.barcodes.includes(receiptNumber))).toHaveLength(1);
  });

  it('opens the drawer for a no-sale and records it', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    const bar = new DeviceBar(page);
    await till.open(server.url);
    const kicksBefore = devices.printer.drawerKicks.length;
    await bar.noSale().click();
    await expect.poll(() => bar.drawer().innerText()).toBe('Drawer opened — no sale (recorded)');
    expect(devices.printer.drawerKicks.length).toBe(kicksBefore + 1);
    expect(devices.printer.drawerKicks.at(-1)?.hex).toBe(KICK_PIN2_50MS);
    expect(await till.barcodeHasFocus()).toBe(true);
    const snap = await readTillDb(page);
    expect(snap.audit.map((a) => a.type)).toEqual(['drawer.no_sale']);
    expect(consistencyProblems(snap, demoOpeningStock)).toEqual([]);
  });

  it('gives the printer and drawer to a second tab only when it takes the till over', async () => {
    const first = new CashierScreen(await chrome.context.newPage());
    await first.open(server.url);
    await new DeviceBar(first.page).noSale().waitFor({ state: 'visible' });

    const secondPage = await chrome.context.newPage();
    const second = new CashierScreen(secondPage);
    const bar = new DeviceBar(secondPage);
    await second.open(server.url);
    await expect
      .poll(() => second.alert().innerText())
      .toMatch(/This till is already open in another window/);
    expect(await bar.noSale().count()).toBe(0);

    // The first tab closes: the second sells, and prints and opens the drawer too.
    await first.page.close();
    await expect.poll(() => second.barcode.isDisabled(), { timeout: 10_000 }).toBe(false);
    const kicksBefore = devices.printer.drawerKicks.length;
    await bar.noSale().click();
    await expect.poll(() => bar.drawer().innerText()).toBe('Drawer opened — no sale (recorded)');
    expect(devices.printer.drawerKicks.length).toBe(kicksBefore + 1);
    expect(devices.printer.drawerKicks.at(-1)?.hex).toBe(KICK_PIN2_50MS);
  });

  it('rings up a serial scanner code like a wedge scan, never typing it into a focused field', async () => {
    const scanner = await plugSerialScanner();
    try {
      const page = await chrome.context.newPage();
      const till = new CashierScreen(page);
      await till.open(server.url);
      // The device wiring (which subscribes to scans) is up once the device bar shows.
      await new DeviceBar(page).noSale().waitFor({ state: 'visible' });
      const [first, second] = [demoProduct(8), demoProduct(9)];

      // The same product from the wedge and then the serial scanner: one line, two items.
      await till.scan(barcode(first));
      await expect.poll(() => till.lines.count()).toBe(1);
      scanner.scan(barcode(first));
      await expect.poll(() => till.quantityOf(first.name)).toBe('2');
      expect(await till.lines.count()).toBe(1);

      // With the cursor in the quantity field: rung up, the field stays as it was.
      await till.action(/^Quantity/).click();
      const quantity = page.getByRole('dialog', { name: 'Change quantity' }).getByLabel('Quantity');
      await expect.poll(() => quantity.evaluate((el) => el === document.activeElement)).toBe(true);
      scanner.scan(barcode(second));
      await expect.poll(() => till.lines.count()).toBe(2);
      expect(await till.quantityOf(second.name)).toBe('1');
      expect(await quantity.inputValue()).toBe('');
    } finally {
      await scanner.unplug();
    }
  });
});

// `npm start` with no configuration: the demo stack and the till it configures.
describe('demo stack', () => {
  it('enrols the till, prints the sale to the receipts folder and delivers it to head office once', async () => {
    const demoDir = await mkdtemp(path.join(os.tmpdir(), 'till-demo-e2e-'));
    const stack = await startDemoStack({ dataDir: demoDir, log: () => {} });
    // What `npm start` serves: the e2e shop (small demo seed) plus the stack's blocks.
    const till = await startTillApp(withDemoStack(E2E_CONFIG, stack));
    const headOffice = new Database(headOfficeFile(demoDir), { readonly: true });
    try {
      const page = await chrome.context.newPage();
      const cashier = new CashierScreen(page);
      await cashier.open(till.url);
      const enrolledAt = () =>
        (
          headOffice.prepare('SELECT enrolled_at AS at FROM terminals').get() as {
            at: string | null;
          }
        ).at;
      await expect.poll(enrolledAt, { timeout: 30_000 }).not.toBeNull();
      // The till sells once enrolment has written its identity (a moment after head office).
      await expect
        .poll(() => page.locator('.till').getAttribute('data-can-sell'), { timeout: 10_000 })
        .toBe('true');

      const receiptNumber = await ringCashSale(cashier, [demoProduct(5), demoProduct(6)]);
      const receiptFile = async () =>
        (await readdir(stack.printer.receiptsDir)).find(
          (f) => f.endsWith('.txt') && f.includes(receiptNumber),
        ) ?? null;
      await expect.poll(receiptFile, { timeout: 15_000 }).not.toBeNull();
      const text = await readFile(
        path.join(stack.printer.receiptsDir, (await receiptFile()) as string),
        'utf8',
      );
      expect(text).toContain(printableText(demoProduct(5).name));
      // The served config lays the preview out to the printer's paper: same lines.
      const preview = cashier.receipt.getByRole('document', { name: `Receipt ${receiptNumber}` });
      const paper = text.split('\n').filter((l) => !l.startsWith('# receipt '));
      expect(printedLines((await preview.innerText()).split('\n'))).toEqual(printedLines(paper));

      const delivered = () =>
        headOffice.prepare("SELECT COUNT(*) AS n FROM documents WHERE type = 'sale'").get() as {
          n: number;
        };
      await expect.poll(() => delivered().n, { timeout: 30_000 }).toBe(1);
    } finally {
      headOffice.close();
      await till.close();
      await stack.close();
      await rm(demoDir, { recursive: true, force: true });
    }
  });
});
