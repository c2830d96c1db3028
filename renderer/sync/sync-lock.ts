// One sync engine per till database. Two engines on one database push the same
// batches, and a stock page one applies while the other's push answer is not
// yet marked done subtracts a sale head office's figure already includes; the
// loser of a pull race stops with "checkpoint moved". So the runner holds a Web
// Lock named after the database for as long as its engine runs, in whichever
// context it runs (a Web Worker has navigator.locks too); a second runner waits
// for it. The app also starts sync only in the window that holds the till.

/** The part of navigator.locks used here (a fake in tests). */
export interface SyncLockManager {
  request(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

/** The lock an engine on database `dbName` holds. */
export function syncLockName(dbName: string): string {
  return `till-sync:${dbName}`;
}

/** A held sync lock. */
export interface SyncLease {
  /** false without Web Locks (not a secure context): nothing stops a second engine. */
  enforced: boolean;
  release(): void;
}

export function defaultSyncLocks(): SyncLockManager | null {
  const nav = (globalThis as { navigator?: { locks?: SyncLockManager } }).navigator;
  return nav?.locks ?? null;
}

export interface AcquireOptions {
  /** Abandons the wait (the runner was stopped first); the promise rejects. */
  signal?: AbortSignal | undefined;
  /** Called once when another engine holds the lock, before waiting for it. */
  onWaiting?: (() => void) | undefined;
}

/** Hold the sync lock of `dbName`: at once when free, else once the other engine lets go. */
export async function acquireSyncLock(
  locks: SyncLockManager | null,
  dbName: string,
  options: AcquireOptions = {},
): Promise<SyncLease> {
  if (!locks) return { enforced: false, release: () => undefined };
  const name = syncLockName(dbName);
  options.signal?.throwIfAborted();
  const now = await request(locks, name, { ifAvailable: true });
  if (now) return now;
  options.onWaiting?.();
  // The Web Locks API refuses ifAvailable together with a signal: two requests.
  const later = await request(locks, name, options.signal ? { signal: options.signal } : {});
  if (!later) throw new Error(`The lock ${name} was not granted`);
  return later;
}

function request(
  locks: SyncLockManager,
  name: string,
  options: { ifAvailable?: boolean; signal?: AbortSignal },
): Promise<SyncLease | null> {
  return new Promise<SyncLease | null>((resolve, reject) => {
    locks
      .request(name, { ...options, mode: 'exclusive' }, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        // Held until release(): the callback's promise keeps it.
        return new Promise<void>((done) => {
          resolve({ enforced: true, release: () => done() });
        });
      })
      .catch(reject);
  });
}
