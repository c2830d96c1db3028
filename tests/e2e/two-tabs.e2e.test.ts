// One active till per terminal: a second tab is told the till is open elsewhere and
// cannot sell (every selling control disabled, scans ignored) until the first closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { CashierScreen } from './pages/cashier-screen';
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
    await secondPage.bringToFront();
    await second.scan(demoProduct(2).barcodes[0]!);
    await expect.poll(() => second.lines.count()).toBe(1);
  });
});
