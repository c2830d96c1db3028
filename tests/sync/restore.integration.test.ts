// Head office restored from an older copy of its database: the sales it stored
// after that copy are gone there, while the till has them marked as delivered.
// The till asks head office what it holds of it, sends those sales again, and
// head office ends up with every sale exactly once, totals equal to the till's.
// Head office runs as its own process on a SQLite file, backed up while it runs
// (better-sqlite3's online backup, as `sqlite3 … ".backup …"` does).
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RESENT_AFTER_RESTORE_AUDIT } from '../../renderer/sync/dexie-sync-store';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import {
  compareWithHeadOffice,
  prepareHeadOffice,
  ringSales,
  spawnHeadOffice,
  startTill,
  type ChildHeadOffice,
  type HeadOfficeFiles,
  type Till,
} from './harness';

let files: HeadOfficeFiles | null = null;
let child: ChildHeadOffice | null = null;
let till: Till | null = null;

afterEach(async () => {
  await till?.engine.stop();
  till?.db.close();
  await child?.stop();
  files?.remove();
  till = child = files = null;
});

describe('head office restored from an older copy', () => {
  it('gets the sales it lost again from the till, each once', async () => {
    files = await prepareHeadOffice();
    child = await spawnHeadOffice(files.file);
    const url = `http://127.0.0.1:${child.port}`;
    till = await startTill(url, files.enrolmentCode, { checkHeldEveryMs: 0 });
    expect(await till.engine.syncOnce()).toBe('ok');

    await ringSales(till.db, 10);
    expect(await till.engine.syncOnce()).toBe('ok');
    const backup = path.join(files.dir, 'backup.sqlite');
    const live = new Database(files.file, { readonly: true });
    try {
      await live.backup(backup);
    } finally {
      live.close();
    }

    await ringSales(till.db, 15);
    expect(await till.engine.syncOnce()).toBe('ok');
    expect((await till.store.counts()).waiting).toBe(0);

    // The operator restores the copy with head office stopped.
    const port = child.port;
    await child.stop();
    child = null;
    for (const suffix of ['-wal', '-shm']) rmSync(files.file + suffix, { force: true });
    copyFileSync(backup, files.file);
    const restored = openSqliteStorage(files.file);
    try {
      expect(await restored.countDocuments()).toBe(10);
    } finally {
      await restored.close();
    }
    child = await spawnHeadOffice(files.file, port);

    expect(await till.engine.syncOnce()).toBe('ok');
    // The next check finds nothing more to send.
    expect(await till.engine.syncOnce()).toBe('ok');

    const storage = openSqliteStorage(files.file);
    try {
      const result = await compareWithHeadOffice(till.db, storage);
      expect(result).toMatchObject({
        tillSales: 25,
        headOfficeDocuments: 25,
        headOfficeSalesCount: 25,
        missing: [],
        outbox: { pending: 0, rejected: 0 },
      });
      expect(result.headOfficeTotal).toBe(result.tillTotal);
    } finally {
      await storage.close();
    }
    const resent = (await till.db.audit.toArray()).filter(
      (e) => e.type === RESENT_AFTER_RESTORE_AUDIT,
    );
    expect(resent).toHaveLength(1);
    expect(resent[0]?.data).toMatchObject({ headOfficeLastSequence: 10, documents: 15 });
  });
});
