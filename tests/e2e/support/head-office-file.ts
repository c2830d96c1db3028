// The end-to-end tests that run a real head office: its SQLite file (store S001 and
// terminal T01 under the same ids as the till's demo configuration, and a fresh
// one-time enrolment code for the till), and that head office as its own process
// with the till app and chromium beside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CurrencyCode } from '../../../domain';
import { DEFAULT_TILL_CONFIG } from '../../../renderer/config';
import { enrolmentCodeHash, newEnrolmentCode } from '../../../sync/server/credentials';
import { SQLITE_FILE } from '../../../sync/server/open-storage';
import { openSqliteStorage } from '../../../sync/server/storage/sqlite/sqlite-storage';
import type { TillServer } from '../../../scripts/serve-till';
import { spawnHeadOffice, type ChildHeadOffice } from '../../sync/harness';
import { launchChromium, type RunningChromium } from './chromium';
import { startTillApp } from './till-app';

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

/** A head office as its own process, the till app pointed at it, and Debian chromium. */
export interface SyncedTill {
  ho: HeadOfficeFile;
  /** The running head office; a test may stop it and start another on its port. */
  headOffice: ChildHeadOffice | null;
  server: TillServer;
  chrome: RunningChromium;
  /** Stops all three (by pid for the head office) and removes the head office's files. */
  close(): Promise<void>;
}

/**
 * The till with a head office of its own, the store trading in `currency`; the till's
 * configuration carries the enrolment code unless `withCode` is false.
 */
export async function startSyncedTill(
  opts: { currency?: CurrencyCode; withCode?: boolean } = {},
): Promise<SyncedTill> {
  const ho = await headOfficeForDemoTill(opts.currency ?? 'CNY');
  const stack: Partial<SyncedTill> & { ho: HeadOfficeFile; headOffice: ChildHeadOffice | null } = {
    ho,
    headOffice: null,
  };
  const close = async () => {
    await stack.chrome?.close();
    await stack.server?.close();
    await stack.headOffice?.stop();
    ho.remove();
  };
  try {
    stack.headOffice = await spawnHeadOffice(ho.file);
    const url = `http://127.0.0.1:${stack.headOffice.port}`;
    stack.server = await startTillApp({
      headOffice: opts.withCode === false ? { url } : { url, enrolmentCode: ho.enrolmentCode },
    });
    stack.chrome = await launchChromium();
  } catch (err) {
    await close();
    throw err;
  }
  return Object.assign(stack as SyncedTill, { close });
}
