// Two runners on one till database (two windows, or a window's worker replaced
// while the old one stops) never run two engines at once: the second waits for
// the database's sync lock and starts only when the first has stopped.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../sync/engine/transport';
import { FakeLocks } from './fake-locks';
import { syncConfigSchema } from './messages';
import { startSyncRunner, type RunnerDeps, type SyncRunner } from './sync-runner';

const CONFIG = syncConfigSchema.parse({
  headOfficeUrl: 'http://127.0.0.1:9',
  enrolmentCode: 'CODE-1',
  dbName: 'till-two-runners',
  backoffBaseMs: 10,
  backoffCapMs: 20,
});

/** Head office unreachable: every request counts as one of this runner's engine's. */
function unreachable(): { fetch: FetchLike; requests: () => number } {
  let n = 0;
  return {
    fetch: () => {
      n += 1;
      return Promise.reject(new TypeError('fetch failed'));
    },
    requests: () => n,
  };
}

const running: SyncRunner[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function start(deps: Omit<RunnerDeps, 'onStatus'>): Promise<SyncRunner> {
  return startSyncRunner(CONFIG, { onStatus: () => {}, ...deps }).then((r) => {
    running.push(r);
    return r;
  });
}

describe('sync runners on one till database', () => {
  it('run one engine at a time: the second starts only when the first has stopped', async () => {
    const locks = new FakeLocks();
    const dbOptions = { indexedDB: new IDBFactory(), IDBKeyRange };
    const a = unreachable();
    const b = unreachable();
    const first = await start({ fetch: a.fetch, locks, dbOptions });
    await expect.poll(a.requests).toBeGreaterThan(1);

    let waiting = false;
    const second = start({ fetch: b.fetch, locks, dbOptions, onWaiting: () => (waiting = true) });
    await expect.poll(() => waiting).toBe(true);
    // The first engine keeps retrying (10–20 ms backoff); the second sends nothing.
    const before = a.requests();
    await expect.poll(a.requests).toBeGreaterThan(before + 2);
    expect(b.requests()).toBe(0);

    await first.stop();
    running.splice(running.indexOf(first), 1);
    const stoppedAt = a.requests();
    await second;
    await expect.poll(b.requests).toBeGreaterThan(1);
    expect(a.requests()).toBe(stoppedAt);
  });

  it('never starts an engine when stopped while waiting for the other one', async () => {
    const locks = new FakeLocks();
    const dbOptions = { indexedDB: new IDBFactory(), IDBKeyRange };
    const a = unreachable();
    const b = unreachable();
    const first = await start({ fetch: a.fetch, locks, dbOptions });
    const abort = new AbortController();
    const second = start({ fetch: b.fetch, locks, dbOptions, signal: abort.signal });
    abort.abort();
    await expect(second).rejects.toThrow(/aborted/);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.requests()).toBe(0);
  });
});
