// Pick the storage engine: PostgreSQL when a URL is given, else the embedded
// SQLite file `head-office.db` in the data folder (created if missing).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openPostgresStorage } from './storage/postgres/pg-storage';
import type { HeadOfficeStorage } from './storage/port';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';

export const DEFAULT_DATA_DIR = '.data/head-office';
export const SQLITE_FILE = 'head-office.db';

export async function openStorage(opts: {
  dataDir?: string;
  pgUrl?: string;
}): Promise<HeadOfficeStorage> {
  if (opts.pgUrl) return openPostgresStorage({ connectionString: opts.pgUrl });
  const dir = opts.dataDir ?? DEFAULT_DATA_DIR;
  mkdirSync(dir, { recursive: true });
  return openSqliteStorage(path.join(dir, SQLITE_FILE));
}
