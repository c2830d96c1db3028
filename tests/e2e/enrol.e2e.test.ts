// Enrolling a till by hand, end to end: a till configured with a head office
// but no enrolment code does not sell and asks for the code; a mistyped code is
// refused with head office's reason; the right one enrols the till, which then
// sells and delivers the sale. Head office runs as its own process on a SQLite
// file; the till is the real built renderer in Debian Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_ENROLLED_MESSAGE } from '../../renderer/db/complete-sale';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { CashierScreen } from './pages/cashier-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { startSyncedTill, type SyncedTill } from './support/head-office-file';

let env: SyncedTill | null = null;

beforeAll(async () => {
  // No enrolment code in the configuration: someone types it at the till.
  env = await startSyncedTill({ withCode: false });
});
afterAll(async () => {
  await env?.close();
});

describe('enrolling a till at the till', () => {
  it('asks for the code, refuses a wrong one with the reason, and sells once the right one is in', async () => {
    const page = await env!.chrome.context.newPage();
    const till = new CashierScreen(page);
    const sync = new SyncStatusBar(page);
    await till.open(env!.server.url);

    const form = page.getByRole('form', { name: 'Enrol this till' });
    await form.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByRole('alert').filter({ hasText: NOT_ENROLLED_MESSAGE }).count()).toBe(1);
    expect(await sync.text()).toContain('Till is not enrolled with head office');
    expect(await till.barcode.isDisabled()).toBe(true);

    const code = form.getByRole('textbox', { name: /Enrolment code/ });
    const enrol = form.getByRole('button', { name: 'Enrol 注册' });
    await code.fill('AB');
    await enrol.click();
    expect(await form.getByRole('alert').innerText()).toMatch(/4 to 64 characters/);

    await code.fill('AAAA-BBBB-CCCC');
    await enrol.click();
    await expect
      .poll(() => sync.text(), { timeout: 30_000 })
      .toContain('Head office does not know this enrolment code');
    expect(await form.isVisible()).toBe(true);

    await code.fill(env!.ho.enrolmentCode.toLowerCase());
    await enrol.click();
    await expect
      .poll(() => sync.text(), { timeout: 30_000 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);
    await form.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: NOT_ENROLLED_MESSAGE }).count())
      .toBe(0);

    await till.sellOneForCash(demoProduct(0));
    await expect
      .poll(() => sync.text(), { timeout: 30_000 })
      .toMatch(/^online · 0 waiting · 0 rejected/);

    const storage = openSqliteStorage(env!.ho.file);
    try {
      expect(await storage.countDocuments()).toBe(1);
      const terminals = await storage.listTerminals();
      expect(terminals.map((t) => t.enrolledAt !== null)).toEqual([true]);
    } finally {
      await storage.close();
    }
  });
});
