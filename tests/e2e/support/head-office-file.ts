// A head-office SQLite file for the end-to-end tests that run a real head office:
// store S001 and terminal T01 under the same ids as the till's demo configuration,
// and a fresh one-time enrolment code for the till.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CurrencyCode } from '../../../domain';
import { DEFAULT_TILL_CONFIG } from '../../../renderer/config';
import { enrolmentCodeHash, newEnrolmentCode } from '../../../sync/server/credentials';
import { SQLITE_FILE } from '../../../sync/server/open-storage';
import { openSqliteStorage } from '../../../sync/server/storage/sqlite/sqlite-storage';

export interface HeadOfficeFile {
  /** The data directory (`--data-dir` / TILL_HO_DATA_DIR of the head-office CLI). */
  dir: string;
  /** The SQLite file in it. */
  file: string;
  enrolmentCode: string;
  remove(): void;
}

/** The store trades in `currency` (the till sells in CNY). */
export async function headOfficeForDemoTill(
  currency: CurrencyCode = 'CNY',
): Promise<HeadOfficeFile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'till-e2e-ho-'));
  const file = path.join(dir, SQLITE_FILE);
  const enrolmentCode = newEnrolmentCode();
  const storage = openSqliteStorage(file);
  try {
    const at = new Date().toISOString();
    const { store, terminal } = DEFAULT_TILL_CONFIG;
    await storage.createStore({
      id: store.id,
      code: store.code,
      name: store.name,
      currency,
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
      enrolmentCodeHash(enrolmentCode),
    );
  } finally {
    await storage.close();
  }
  return { dir, file, enrolmentCode, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
