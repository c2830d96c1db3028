// One active till per terminal: the till holds a Web Lock for as long as it runs. A
// second tab or window asks for the same lock with ifAvailable and, when it is taken,
// is told the till is open elsewhere and must not sell (two tills on one terminal would
// race for receipt numbers and the cash drawer). The lock is released when the holder
// calls release() or its tab closes; `waitForTillLock` lets the second window take over
// then.

/** The part of navigator.locks used here (a fake in tests). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

export const TILL_LOCK_NAME = 'till-terminal';

export type TillLockState = 'acquired' | 'held-elsewhere';

export interface TillLock {
  state: TillLockState;
  /**
   * false when this browser has no Web Locks (not a secure context): the till runs, but
   * a second window cannot be detected.
   */
  enforced: boolean;
  /** Give the lock up (no-op unless acquired). */
  release(): void;
}

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/** Try to become the active till. Resolves at once: 'acquired' or 'held-elsewhere'. */
export function acquireTillLock(
  locks: LockManagerLike | null = defaultLocks(),
  name = TILL_LOCK_NAME,
): Promise<TillLock> {
  return requestLock(locks, name, true);
}

/** Wait until no other window holds the till, then hold it. */
export function waitForTillLock(
  locks: LockManagerLike | null = defaultLocks(),
  name = TILL_LOCK_NAME,
): Promise<TillLock> {
  return requestLock(locks, name, false);
}

function requestLock(
  locks: LockManagerLike | null,
  name: string,
  ifAvailable: boolean,
): Promise<TillLock> {
  if (!locks) {
    return Promise.resolve({ state: 'acquired', enforced: false, release: () => undefined });
  }
  return new Promise<TillLock>((resolve, reject) => {
    locks
      .request(name, { ifAvailable, mode: 'exclusive' }, (lock) => {
        if (lock === null) {
          resolve({ state: 'held-elsewhere', enforced: true, release: () => undefined });
          return undefined;
        }
        // Hold the lock until release(): the callback's promise keeps it.
        return new Promise<void>((done) => {
          resolve({ state: 'acquired', enforced: true, release: () => done() });
        });
      })
      .catch(reject);
  });
}
