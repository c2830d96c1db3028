// What a till is told when the storage under head office fails: 503
// `unavailable` for failures that pass (the till retries, the operator sees an
// outage, not a bug), 400 `invalid_body` for text the database cannot store,
// 500 `internal` for anything else. Nothing is stored either way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadOfficeStorage } from './storage/port';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';
import { openHarness, type Enrolled, type Harness } from './testing/harness';

let dir: string;
let h: Harness;
let t: Enrolled;
/** When set, the next ingest throws it instead of writing. */
let failWith: Error | null = null;

function failing(storage: HeadOfficeStorage): HeadOfficeStorage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'ingest' && failWith) {
        const err = failWith;
        return async () => {
          throw err;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

function coded(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'till-storage-errors-'));
  h = await openHarness({ storage: failing(openSqliteStorage(path.join(dir, 'ho.db'))) });
  t = await h.enrolTerminal('T01');
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a push when the storage fails', () => {
  it.each([
    [
      'PostgreSQL refusing connections',
      coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      503,
      'unavailable',
    ],
    ['a connection reset', coded('read ECONNRESET', 'ECONNRESET'), 503, 'unavailable'],
    [
      'PostgreSQL shutting down (57P01)',
      coded('terminating connection due to administrator command', '57P01'),
      503,
      'unavailable',
    ],
    [
      'PostgreSQL starting up (57P03)',
      coded('the database system is starting up', '57P03'),
      503,
      'unavailable',
    ],
    [
      'too many connections (53300)',
      coded('sorry, too many clients already', '53300'),
      503,
      'unavailable',
    ],
    ['a deadlock (40P01)', coded('deadlock detected', '40P01'), 503, 'unavailable'],
    [
      'a lost connection (node-postgres, no code)',
      coded('Connection terminated unexpectedly'),
      503,
      'unavailable',
    ],
    [
      'no connection from the pool in time',
      coded('timeout exceeded when trying to connect'),
      503,
      'unavailable',
    ],
    [
      'SQLite busy past its timeout',
      coded('database is locked', 'SQLITE_BUSY'),
      503,
      'unavailable',
    ],
    [
      'text PostgreSQL cannot store (22021)',
      coded('invalid byte sequence for encoding "UTF8": 0x00', '22021'),
      400,
      'invalid_body',
    ],
    ['any other failure', coded('no such column: x', 'SQLITE_ERROR'), 500, 'internal'],
  ])('%s → %i %s', async (_name, err, status, code) => {
    failWith = err;
    try {
      const res = await h.push(t.token, [h.sale(t, 1)]);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: expect.objectContaining({ code }) });
    } finally {
      failWith = null;
    }
  });

  it('stored nothing, and stores the push once the storage is back', async () => {
    expect(await h.storage.countDocuments()).toBe(0);
    const res = await h.push(t.token, [h.sale(t, 1)]);
    expect(res.body).toEqual({ results: [{ id: expect.any(String), status: 'accepted' }] });
  });
});
