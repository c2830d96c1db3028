// A till head office stopped taking, end to end: its terminal is revoked at head
// office while it sells, so its sales wait and it asks for a code; head office's
// operator issues a new code for the same terminal (`npm run ho -- reissue-code`),
// staff type it at the till, and the sales that waited arrive, each once, under
// the same terminal. Head office runs as its own process on a SQLite file; the till
// is the real built renderer in Debian Chromium with its sync Web Worker.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { CashierScreen } from './pages/cashier-screen';
import { SyncStatusBar } from './pages/sync-status-bar';
import { startSyncedTill, type SyncedTill } from './support/head-office-file';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const execFileAsync = promisify(execFile);

let env: SyncedTill | null = null;

/** `npm run ho -- <args>` against the test's head office data directory. */
async function ho(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', 'sync/server/cli.ts', ...args],
    { cwd: REPO, env: { ...process.env, TILL_HO_DATA_DIR: env!.ho.dir } },
  );
  return stdout;
}

beforeAll(async () => {
  env = await startSyncedTill();
});
afterAll(async () => {
  await env?.close();
});

describe('a till whose terminal head office revoked', () => {
  it('keeps its sales while refused, asks for a code, and sends them once a new code for it is typed', async () => {
    const page = await env!.chrome.context.newPage();
    const till = new CashierScreen(page);
    const sync = new SyncStatusBar(page);
    await till.open(env!.server.url);
    await till.sellOneForCash(demoProduct(0));
    await expect
      .poll(() => sync.text(), { timeout: 60_000 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);

    expect(await ho('revoke-terminal', 'S001/T01')).toMatch(/revoked/i);
    await till.sellOneForCash(demoProduct(1));
    await till.sellOneForCash(demoProduct(2));
    const form = page.getByRole('form', { name: 'Enrol this till' });
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => sync.text(), { timeout: 30_000 }).toMatch(/^online · 2 waiting/);
    expect(await sync.text()).toContain('was revoked');

    const issued = await ho('reissue-code', 'S001/T01');
    const code = /Enrolment code \(works once\): (\S+)/.exec(issued)?.[1];
    expect(code, issued).toBeDefined();
    await form.getByRole('textbox', { name: /Enrolment code/ }).fill(code!);
    await form.getByRole('button', { name: 'Enrol 注册' }).click();
    await expect
      .poll(() => sync.text(), { timeout: 30_000 })
      .toMatch(/^online · 0 waiting · 0 rejected · last sync/);
    await form.waitFor({ state: 'detached' });

    const storage = openSqliteStorage(env!.ho.file);
    try {
      expect(await storage.countDocuments()).toBe(3);
      const totals = await storage.saleTotals();
      expect(totals.reduce((n, r) => n + r.salesTotalMinor, 0)).toBe(
        demoProduct(0).priceMinor + demoProduct(1).priceMinor + demoProduct(2).priceMinor,
      );
      const [terminal] = await storage.listTerminals();
      expect(terminal).toMatchObject({ code: 'T01', revokedAt: null });
      expect(await storage.listTerminals()).toHaveLength(1);
    } finally {
      await storage.close();
    }
  });
});
