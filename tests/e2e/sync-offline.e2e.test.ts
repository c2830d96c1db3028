// Offline-first, end to end: the cashier rings a sale while head office is
// down and the till says "offline · 1 waiting"; head office comes back and the
// till says "online · 0 waiting" by itself; head office holds the sale once.
// Head office runs as its own process on a SQLite file (stopped and started
// again on the same port and data); the till is the real built renderer in
// Debian Chromium with its sync Web Worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { spawnHeadOffice, type ChildHeadOffice } from '../sync/harness';
import { CashierScreen } from './pages/cashier-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { launchChromium, type RunningChromium } from './support/chromium';
import { headOfficeForDemoTill, type HeadOfficeFile } from './support/head-office-file';
import { startTillApp } from './support/till-app';

let ho: HeadOfficeFile | null = null;
let headOffice: ChildHeadOffice | null = null;
let server: TillServer | null = null;
let chrome: RunningChromium | null = null;

beforeAll(async () => {
  ho = await headOfficeForDemoTill();
  headOffice = await spawnHeadOffice(ho.file);
  server = await startTillApp({
    headOffice: { url: `http://127.0.0.1:${headOffice.port}`, enrolmentCode: ho.enrolmentCode },
  });
  chrome = await launchChromium();
});
afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await headOffice?.stop();
  ho?.remove();
});

describe('sync while head office is away', () => {
  it('keeps a sale made offline, shows it waiting, and delivers it once when head office returns', async () => {
    const page = await chrome!.context.newPage();
    const till = new CashierScreen(page);
    const sync = new SyncStatusBar(page);
    await till.open(server!.url);

    // Enrolled and in step with head office.
    await expect
      .poll(() => sync.text(), { timeout: 60_000 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync \d\d:\d\d:\d\d/);

    const port = headOffice!.port;
    await headOffice!.stop();
    headOffice = null;

    await till.scan(demoProduct(0).barcodes[0] as string);
    await expect.poll(() => till.lines.count()).toBe(1);
    const pay = await till.pay();
    await pay.cash();
    await pay.tender((demoProduct(0).priceMinor / 100).toFixed(2));
    await pay.complete();
    await pay.dialog.waitFor({ state: 'hidden' });

    await expect.poll(() => sync.text(), { timeout: 30_000 }).toMatch(/^offline · 1 waiting/);

    headOffice = await spawnHeadOffice(ho!.file, port);
    // Backoff after a short outage is a few seconds at most (1 s doubling, full jitter).
    await expect
      .poll(() => sync.text(), { timeout: 90_000, interval: 500 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);

    const storage = openSqliteStorage(ho!.file);
    try {
      expect(await storage.countDocuments()).toBe(1);
      const totals = await storage.saleTotals();
      expect(totals.reduce((n, r) => n + r.salesCount, 0)).toBe(1);
      expect(totals.reduce((n, r) => n + r.salesTotalMinor, 0)).toBe(demoProduct(0).priceMinor);
    } finally {
      await storage.close();
    }
  });
});
