// Offline-first, end to end: the cashier rings a sale while head office is
// down and the till says "offline · 1 waiting"; head office comes back and the
// till says "online · 0 waiting" by itself; head office holds the sale once.
// Head office runs as its own process on a SQLite file (stopped and started
// again on the same port and data); the till is the real built renderer in
// Debian Chromium with its sync Web Worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { spawnHeadOffice } from '../sync/harness';
import { CashierScreen } from './pages/cashier-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { startSyncedTill, type SyncedTill } from './support/head-office-file';

let env: SyncedTill | null = null;

beforeAll(async () => {
  env = await startSyncedTill();
});
afterAll(async () => {
  await env?.close();
});

describe('sync while head office is away', () => {
  it('keeps a sale made offline, shows it waiting, and delivers it once when head office returns', async () => {
    const page = await env!.chrome.context.newPage();
    const till = new CashierScreen(page);
    const sync = new SyncStatusBar(page);
    await till.open(env!.server.url);

    // Enrolled and in step with head office.
    await expect
      .poll(() => sync.text(), { timeout: 60_000 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync \d\d:\d\d:\d\d/);

    const port = env!.headOffice!.port;
    await env!.headOffice!.stop();
    env!.headOffice = null;

    await till.sellOneForCash(demoProduct(0));

    await expect.poll(() => sync.text(), { timeout: 30_000 }).toMatch(/^offline · 1 waiting/);

    env!.headOffice = await spawnHeadOffice(env!.ho.file, port);
    // Backoff after a short outage is a few seconds at most (1 s doubling, full jitter).
    await expect
      .poll(() => sync.text(), { timeout: 90_000, interval: 500 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);

    const storage = openSqliteStorage(env!.ho.file);
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
