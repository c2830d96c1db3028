// Offline-first, end to end: the cashier rings a sale while head office is
// down and the till says "offline · 1 waiting"; head office comes back and the
// till says "online · 0 waiting" by itself; head office holds the sale once.
// Head office runs as its own process on a SQLite file (stopped and started
// again on the same port and data); the till is the real built renderer in
// Debian Chromium with its sync Web Worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TILL_CONFIG } from '../../renderer/config';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { enrolmentCodeHash, newEnrolmentCode } from '../../sync/server/credentials';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { spawnHeadOffice, type ChildHeadOffice } from '../sync/harness';
import { CashierScreen } from './pages/cashier-screen';
import { launchChromium, type RunningChromium } from './support/chromium';
import { startTillApp } from './support/till-app';

/** The always-visible sync status line, by its accessible name. */
class SyncStatusBar {
  readonly region: Locator;
  constructor(page: Page) {
    this.region = page.getByRole('status', { name: 'Sync status' });
  }
  text(): Promise<string> {
    return this.region.innerText();
  }
}

let dir = '';
let dbFile = '';
let headOffice: ChildHeadOffice | null = null;
let server: TillServer | null = null;
let chrome: RunningChromium | null = null;

beforeAll(async () => {
  // Head office knows store S001 / terminal T01 under the same ids as the till's configuration.
  dir = mkdtempSync(path.join(tmpdir(), 'till-e2e-ho-'));
  dbFile = path.join(dir, 'head-office.sqlite');
  const code = newEnrolmentCode();
  const storage = openSqliteStorage(dbFile);
  const at = new Date().toISOString();
  const { store, terminal } = DEFAULT_TILL_CONFIG;
  await storage.createStore({
    id: store.id,
    code: store.code,
    name: store.name,
    currency: 'CNY',
    createdAt: at,
  });
  await storage.createTerminal(
    {
      id: terminal.id,
      storeId: store.id,
      code: terminal.code,
      name: 'Counter',
      deviceName: null,
      enrolledAt: null,
      revokedAt: null,
      createdAt: at,
    },
    enrolmentCodeHash(code),
  );
  await storage.close();

  headOffice = await spawnHeadOffice(dbFile);
  server = await startTillApp({
    headOffice: { url: `http://127.0.0.1:${headOffice.port}`, enrolmentCode: code },
  });
  chrome = await launchChromium();
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await headOffice?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
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

    headOffice = await spawnHeadOffice(dbFile, port);
    // Backoff after a short outage is a few seconds at most (1 s doubling, full jitter).
    await expect
      .poll(() => sync.text(), { timeout: 90_000, interval: 500 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);

    const storage = openSqliteStorage(dbFile);
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
