// One active till per terminal: a second tab is told the till is open elsewhere and
// cannot sell (every selling control disabled, scans ignored) until the first closes.
// Nor does it sync: one sync engine per till database, in the tab that holds the till.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { CashierScreen } from './pages/cashier-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { launchChromium, type RunningChromium } from './support/chromium';
import { startTillApp } from './support/till-app';

let server: TillServer;
let chrome: RunningChromium;

beforeAll(async () => {
  server = await startTillApp();
  chrome = await launchChromium();
});
afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

describe('two tabs on one till', () => {
  it('lets only the first tab sell, and the second once the first is closed', async () => {
    const first = new CashierScreen(await chrome.context.newPage());
    await first.open(server.url);

    const secondPage = await chrome.context.newPage();
    const second = new CashierScreen(secondPage);
    await second.open(server.url);
    await expect
      .poll(() => second.alert().innerText())
      .toMatch(/This till is already open in another window/);
    expect(await second.barcode.isDisabled()).toBe(true);
    expect(await second.action(/^Pay/).isDisabled()).toBe(true);
    expect(await second.action(/^Parked sales/).isDisabled()).toBe(true);

    // Sync runs in the first tab only: the second says so and starts no sync worker.
    const firstSync = new SyncStatusBar(first.page);
    const secondSync = new SyncStatusBar(secondPage);
    await expect.poll(() => secondSync.text()).toMatch(/^sync runs in another window/);
    await expect.poll(() => firstSync.syncWorkers()).toBe(1);
    expect(secondSync.syncWorkers()).toBe(0);

    // A scan in the second tab sells nothing.
    await secondPage.bringToFront();
    await second.scan(demoProduct(1).barcodes[0]!);
    await secondPage.waitForTimeout(300);
    expect(await second.lines.count()).toBe(0);

    // The first tab sells as usual.
    await first.page.bringToFront();
    await first.scan(demoProduct(1).barcodes[0]!);
    await expect.poll(() => first.lines.count()).toBe(1);

    // Close the first: the second takes over the till.
    await first.page.close();
    await expect.poll(() => second.barcode.isDisabled(), { timeout: 10_000 }).toBe(false);
    // It takes sync over too: one worker, and its own engine's line.
    await expect.poll(() => secondSync.syncWorkers()).toBe(1);
    await expect.poll(() => secondSync.text()).toMatch(/^not syncing · 0 waiting/);
    await secondPage.bringToFront();
    await second.scan(demoProduct(2).barcodes[0]!);
    await expect.poll(() => second.lines.count()).toBe(1);
  });
});
