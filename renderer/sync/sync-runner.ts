// Builds and runs the engine over the till's Dexie database, holding the
// database's sync lock (sync-lock.ts) so that one engine runs per database.
// The Web Worker entry (sync-worker.ts) is a thin shell around this, and Node
// tests and benchmarks run it directly over fake-indexeddb.
import { liveQuery, type Subscription } from 'dexie';
import { SyncEngine } from '../../sync/engine/engine';
import { httpHeadOfficeClient } from '../../sync/engine/http-client';
import type { SyncStatus } from '../../sync/engine/status';
import type { FetchLike } from '../../sync/engine/transport';
import { openTillDb, type TillDbOptions } from '../db/schema';
import { TILL_COLLECTIONS } from './collections';
import { DexieSyncStore } from './dexie-sync-store';
import type { SyncConfig } from './messages';
import {
  acquireSyncLock,
  defaultSyncLocks,
  type SyncLease,
  type SyncLockManager,
} from './sync-lock';

const NO_HEAD_OFFICE = 'No head office configured; sales stay on this till';

export interface SyncRunner {
  engine: SyncEngine;
  stop(): Promise<void>;
}

export interface RunnerDeps {
  fetch: FetchLike;
  onStatus(status: SyncStatus): void;
  /** Tests inject fake-indexeddb here. */
  dbOptions?: Omit<TillDbOptions, 'durability'>;
  random?: () => number;
  now?: () => Date;
  /** Web Locks; default navigator.locks (none in Node: then nothing enforces one engine). */
  locks?: SyncLockManager | null;
  /** Abandons the wait for the sync lock (stopped before it started); the start rejects. */
  signal?: AbortSignal;
  /** Another engine runs on this database: this runner waits for it to stop. */
  onWaiting?: () => void;
}

/**
 * Take the database's sync lock (waiting while another engine holds it), then open
 * both connections, build the engine, start its loop and watch the outbox.
 */
export async function startSyncRunner(config: SyncConfig, deps: RunnerDeps): Promise<SyncRunner> {
  const lease = await acquireSyncLock(
    deps.locks === undefined ? defaultSyncLocks() : deps.locks,
    config.dbName,
    { signal: deps.signal, onWaiting: deps.onWaiting },
  );
  try {
    return await startHoldingLock(config, deps, lease);
  } catch (err) {
    lease.release();
    throw err;
  }
}

async function startHoldingLock(
  config: SyncConfig,
  deps: RunnerDeps,
  lease: SyncLease,
): Promise<SyncRunner> {
  const db = await openTillDb(config.dbName, { ...deps.dbOptions, durability: 'strict' });
  const bulk = await openTillDb(config.dbName, { ...deps.dbOptions, durability: 'relaxed' });
  const store = new DexieSyncStore(db, bulk);
  const now = deps.now ?? (() => new Date());
  const engine = new SyncEngine({
    store,
    client: httpHeadOfficeClient({
      baseUrl: config.headOfficeUrl ?? 'http://127.0.0.1:9',
      fetch: deps.fetch,
      timeoutMs: config.timeoutMs,
      deviceName: config.deviceName,
    }),
    collections: TILL_COLLECTIONS,
    enrolmentCode: config.enrolmentCode,
    batchSize: config.batchSize,
    pageSize: config.pageSize,
    applySliceSize: config.applySliceSize,
    applyBudgetMs: config.applyBudgetMs,
    intervalMs: config.intervalMs,
    backoff: { baseMs: config.backoffBaseMs, capMs: config.backoffCapMs },
    random: deps.random ?? Math.random,
    now,
    // Without a head office the engine never runs; say why instead of "connecting".
    onStatus: config.headOfficeUrl
      ? deps.onStatus
      : (status) => deps.onStatus({ ...status, lastError: NO_HEAD_OFFICE }),
  });

  // The page writes sales through its own connection; Dexie tells other
  // connections and contexts (this worker) about the change. A larger queue
  // means a new sale: push it now.
  let lastWaiting = -1;
  const watch: Subscription = liveQuery(() =>
    db.outbox.where('state').equals('pending').count(),
  ).subscribe({
    next: (waiting) => {
      if (waiting > lastWaiting && lastWaiting >= 0) engine.wake();
      lastWaiting = waiting;
      // The database may close under it while the runner stops: nothing to show then.
      engine.refreshCounts().catch(() => {});
    },
    error: () => {},
  });

  if (config.headOfficeUrl) engine.start();
  else await engine.refreshCounts();

  return {
    engine,
    async stop() {
      watch.unsubscribe();
      try {
        await engine.stop();
        db.close();
        bulk.close();
      } finally {
        // Only now may another engine start on this database.
        lease.release();
      }
    },
  };
}
