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

interface Opener {
  /** Resolves when the process has loaded the engine and waits for the word. */
  ready: Promise<void>;
  /** Tell it to open the file now. */
  go(): void;
  /** Its exit code and what it printed on stderr. */
  done: Promise<{ code: number | null; err: string }>;
}

/**
 * A process that loads the engine, says "ready" and, on a line on its stdin, opens
 * `file` and exits 0 (or prints why not): a barrier, so that every process opens at
 * the same moment however long each took to start on a loaded machine.
 */
function opener(file: string): Opener {
  const script = `
    const { openSqliteStorage } = await import(${JSON.stringify(ENGINE)});
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      const s = openSqliteStorage(${JSON.stringify(file)});
      await s.close();
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<{ code: number | null; err: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, err }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void done.then((r) => reject(new Error(`opener exited before it was ready: ${r.err}`)));
  });
  return { ready, go: () => child.stdin.write('go\n'), done };
}

describe('SQLite migrations', () => {
  it('several processes opening one fresh file at the same moment all succeed, each migration applied once', async () => {
    for (let round = 0; round < 2; round++) {
      const file = path.join(dir, `race-${round}.db`);
      const openers = Array.from({ length: 4 }, () => opener(file));
      await Promise.all(openers.map((o) => o.ready));
      for (const o of openers) o.go();
      const results = await Promise.all(openers.map((o) => o.done));
      expect(results.map((r) => r.err)).toEqual(['', '', '', '']);
      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      const storage = openSqliteStorage(file);
      await storage.close();
    }
  }, 60_000);
});
