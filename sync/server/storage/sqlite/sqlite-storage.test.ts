import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeStorageContract } from '../storage.contract';
import { openSqliteStorage } from './sqlite-storage';

const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStorageContract('SQLite', async () => openSqliteStorage(path.join(dir, `ho-${++n}.db`)));
