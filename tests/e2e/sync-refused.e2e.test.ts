// Refused documents, end to end: head office was set up with the wrong currency (HKD) for
// the store, so it refuses the till's sales and the till parks them, visible on the
// sync screen with head office's reason. Head office's operator corrects the store
// with `npm run ho -- update-store` while head office runs; staff send the sales
// again from the sync screen; head office holds each sale once and the till's
// audit journal says who sent what again.
// Head office runs as its own process on a SQLite file; the till is the real built
// renderer in Debian Chromium with its sync Web Worker.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { SENT_AGAIN_AUDIT } from '../../renderer/sync/send-again';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { CashierScreen } from './pages/cashier-screen';
import { SyncScreen } from './pages/sync-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { startSyncedTill, type SyncedTill } from './support/head-office-file';
import { readTillDb } from './support/inspect-db';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const execFileAsync = promisify(execFile);

let env: SyncedTill | null = null;

beforeAll(async () => {
  // The till sells in CNY; head office was told the store trades in HKD.
  env = await startSyncedTill({ currency: 'HKD' });
});
afterAll(async () => {
  await env?.close();
});

describe('documents head office refused', () => {
  it('are parked with the reason, and once the cause is fixed staff send them again and they arrive once', async () => {
    const page = await env!.chrome.context.newPage();
    const till = new CashierScreen(page);
    const sync = new SyncStatusBar(page);
    await till.open(env!.server.url);
    await expect
      .poll(() => sync.text(), { timeout: 60_000 })
      .toMatch(/^online · 0 waiting · 0 rejected/);

    await till.sellOneForCash(demoProduct(0));
    await till.sellOneForCash(demoProduct(1));
    await expect
      .poll(() => sync.text(), { timeout: 30_000 })
      .toMatch(/^online · 0 waiting · 2 rejected/);

    const details = new SyncScreen(page);
    await details.open();
    await expect
      .poll(() => details.refused.innerText())
      .toContain('body.currency is CNY, but store S001 trades in HKD');

    // Head office's operator corrects the store while head office runs.
    const corrected = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', 'sync/server/cli.ts', 'update-store', 'S001', '--currency', 'CNY'],
      { cwd: REPO, env: { ...process.env, TILL_HO_DATA_DIR: env!.ho.dir } },
    );
    expect(corrected.stdout).toMatch(/^Updated store S001 .*CNY/);

    const first = (await readTillDb(page)).sales.sort((a, b) => a.sequence - b.sequence)[0]!;
    await details.sendAgain(first.receiptNumber);
    await expect.poll(() => details.outcome.innerText()).toBe('Sent 1 refused document again.');
    await expect
      .poll(() => sync.text(), { timeout: 90_000, interval: 500 })
      .toMatch(/^online · 0 waiting · 1 rejected/);
    await expect.poll(() => details.refusedRows.count()).toBe(2); // the header and the one still refused

    await details.sendAllAgain();
    await expect
      .poll(() => sync.text(), { timeout: 90_000, interval: 500 })
      .toMatch(/^online · 0 waiting · 0 rejected/);
    await expect.poll(() => details.refused.innerText()).toContain('Nothing rejected.');

    const storage = openSqliteStorage(env!.ho.file);
    try {
      expect(await storage.countDocuments()).toBe(2);
      const totals = await storage.saleTotals();
      expect(totals.reduce((n, r) => n + r.salesCount, 0)).toBe(2);
      expect(totals.reduce((n, r) => n + r.salesTotalMinor, 0)).toBe(
        demoProduct(0).priceMinor + demoProduct(1).priceMinor,
      );
    } finally {
      await storage.close();
    }
    const journal = (await readTillDb(page)).audit.filter((e) => e.type === SENT_AGAIN_AUDIT);
    expect(journal.map((e) => e.refId).sort()).toEqual(
      (await readTillDb(page)).sales.map((s) => s.id).sort(),
    );
  });
});
