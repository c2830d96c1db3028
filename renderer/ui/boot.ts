// Start-up sequence of the cashier app, outside React so each step can report progress:
// 1. read and validate /till-config.json;
// 2. take the Web Lock (a second window gets a read-only till that cannot sell);
// 3. ask for persistent storage and check the quota;
// 4. open the local database; settle the terminal identity: a standalone till sells
//    as its config says, a till with a head office only as enrolment made it (none
//    before the first enrolment: it does not sell), and pricing from the config unless
//    head office has enrolled the till;
// 5. seed the demo catalogue into an empty catalogue, reporting progress;
// 6. build the till store.
import { v7 as uuidv7 } from 'uuid';
import { loadTillConfig, type TillConfig } from '../config';
import { liveQuery } from 'dexie';
import { openTillDb, setMeta, type TillDb } from '../db/schema';
import { acquireTillLock, waitForTillLock, type TillLock } from '../platform/single-till-lock';
import { startStorage, type StorageStatus } from '../platform/storage';
import { createTillStore, type TillStore } from '../stores/till-store';
import { settleTerminalIdentity } from '../sync/dexie-sync-store';

export interface TillRuntime {
  config: TillConfig;
  db: TillDb;
  store: TillStore;
  lock: TillLock;
  /**
   * Resolves when this window holds the till: at once for the first window, when the
   * other one closes for a second window. One wait per window, shared by everything that
   * starts with selling (the cashier screen, the printer and drawer): two lock requests
   * from one window would queue behind each other and the second would never resolve.
   */
  selling: Promise<TillLock>;
  storage: StorageStatus;
}

export type BootProgress =
  | { step: 'config' }
  | { step: 'lock' }
  | { step: 'storage' }
  | { step: 'database' }
  | { step: 'seeding'; done: number; total: number };

/** A start-up failure with a sentence for the staff. */
export class BootError extends Error {
  override name = 'BootError';
}

/** meta key recording that the demo catalogue of this size was written completely. */
const DEMO_SEED_KEY = 'demoSeedComplete';

export interface BootOptions {
  onProgress(progress: BootProgress): void;
  /** Database name; default 'till'. */
  dbName?: string;
}

export async function bootTill(options: BootOptions): Promise<TillRuntime> {
  const { onProgress } = options;
  onProgress({ step: 'config' });
  const loaded = await loadTillConfig();
  if (!loaded.ok) throw new BootError(loaded.error);
  const config = loaded.config;

  onProgress({ step: 'lock' });
  const lock = await acquireTillLock();

  onProgress({ step: 'storage' });
  const storage = await startStorage();

  onProgress({ step: 'database' });
  let db: TillDb;
  try {
    db = await openTillDb(options.dbName ?? 'till');
  } catch (err) {
    throw new BootError(
      `The local database could not be opened: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  if (lock.state === 'acquired') {
    await writeIdentity(db, config);
    await seedIfNeeded(db, config, onProgress);
  }

  const store = createTillStore({
    db,
    cashierId: config.cashier.id,
    settings: config.pricing,
    currency: config.currency,
    now: () => new Date().toISOString(),
    newId: () => uuidv7(),
  });
  await Promise.all([store.getState().refreshParked(), store.getState().refreshTerminal()]);
  // Enrolment (in the sync worker) writes the identity; the till may sell from then on.
  liveQuery(() => db.meta.get('terminal')).subscribe({
    next: () => void store.getState().refreshTerminal(),
    error: () => {},
  });
  const selling = lock.state === 'acquired' ? Promise.resolve(lock) : waitForTillLock();
  return { config, db, store, lock, selling, storage };
}

/** Who the till is (see settleTerminalIdentity) and, unless enrolled, how it prices. */
async function writeIdentity(db: TillDb, config: TillConfig): Promise<void> {
  const configured = {
    storeId: config.store.id,
    storeCode: config.store.code,
    terminalId: config.terminal.id,
    terminalCode: config.terminal.code,
  };
  const identity = await settleTerminalIdentity(db, configured, config.headOffice !== undefined);
  if (config.headOffice && identity) return;
  await db.transaction('rw', [db.meta, db.taxRates], async () => {
    await Promise.all([
      setMeta(db, 'pricingSettings', config.pricing),
      db.taxRates.bulkPut(config.pricing.taxRates),
    ]);
  });
}

/**
 * Seed the demo catalogue unless a complete seed of at least this size is recorded.
 * Products have deterministic ids, so a seed cut short by a crash is simply redone.
 */
async function seedIfNeeded(
  db: TillDb,
  config: TillConfig,
  onProgress: (p: BootProgress) => void,
): Promise<void> {
  const wanted = config.demoSeed?.products ?? 0;
  if (wanted === 0) return;
  const marker = (await db.meta.get(DEMO_SEED_KEY))?.value as
    { products: number; complete: boolean } | undefined;
  if (marker?.complete && marker.products >= wanted) return;
  // A catalogue that came from somewhere else (head office pull) is never mixed with demo data.
  if (marker === undefined && (await db.products.limit(1).primaryKeys()).length > 0) return;
  await db.meta.put({ key: DEMO_SEED_KEY, value: { products: wanted, complete: false } });
  onProgress({ step: 'seeding', done: 0, total: wanted });
  // Loaded only when seeding: the demo generator carries a pinyin dictionary (~1 MB).
  const { seedDemo } = await import('../db/demo-seed');
  await seedDemo(
    db,
    wanted,
    (p) => onProgress({ step: 'seeding', done: p.done, total: p.total ?? wanted }),
    { stock: config.demoSeed?.stock ?? true },
  );
  // seedDemo writes the demo identity; the config file (or enrolment) stays authoritative.
  await writeIdentity(db, config);
  await db.meta.put({ key: DEMO_SEED_KEY, value: { products: wanted, complete: true } });
}
