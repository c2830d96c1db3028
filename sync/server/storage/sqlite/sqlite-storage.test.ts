import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStorageContract } from '../storage.contract';
import { openSqliteStorage } from './sqlite-storage';

const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStorageContract('SQLite', async () => openSqliteStorage(path.join(dir, `ho-${++n}.db`)));

const ENGINE = fileURLToPath(new URL('./sqlite-storage.ts', import.meta.url));

/** A process that waits until `startAt` (epoch ms), opens `file` and exits 0, or prints why not. */
function openInProcess(
  file: string,
  startAt: number,
): Promise<{ code: number | null; err: string }> {
  const script = `
    const { openSqliteStorage } = await import(${JSON.stringify(ENGINE)});
    while (Date.now() < ${startAt}) {}
    const s = openSqliteStorage(${JSON.stringify(file)});
    await s.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, err }));
  });
}

describe('SQLite migrations', () => {
  it('several processes opening one fresh file at the same moment all succeed, each migration applied once', async () => {
    for (let round = 0; round < 2; round++) {
      const file = path.join(dir, `race-${round}.db`);
      // Long enough for every process to have loaded the engine before the start.
      const startAt = Date.now() + 3000;
      const results = await Promise.all(
        Array.from({ length: 4 }, () => openInProcess(file, startAt)),
      );
      expect(results.map((r) => r.err)).toEqual(['', '', '', '']);
      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      const storage = openSqliteStorage(file);
      await storage.close();
    }
  }, 60_000);
});
