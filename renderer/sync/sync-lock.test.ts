import { describe, expect, it } from 'vitest';
import { FakeLocks } from './fake-locks';
import { acquireSyncLock, syncLockName } from './sync-lock';

describe('sync lock', () => {
  it('is taken at once when no engine runs on the database', async () => {
    const locks = new FakeLocks();
    let waited = false;
    const lease = await acquireSyncLock(locks, 'till', { onWaiting: () => (waited = true) });
    expect(lease.enforced).toBe(true);
    expect(waited).toBe(false);
    expect(locks.isHeld(syncLockName('till'))).toBe(true);
    lease.release();
  });

  it('makes a second engine on the same database wait until the first lets go', async () => {
    const locks = new FakeLocks();
    const first = await acquireSyncLock(locks, 'till');
    let waited = false;
    let taken = false;
    const second = acquireSyncLock(locks, 'till', { onWaiting: () => (waited = true) }).then(
      (lease) => {
        taken = true;
        return lease;
      },
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(waited).toBe(true);
    expect(taken).toBe(false);
    first.release();
    (await second).release();
    expect(taken).toBe(true);
  });

  it('lets engines on two different databases run side by side', async () => {
    const locks = new FakeLocks();
    let waited = false;
    const a = await acquireSyncLock(locks, 'till-a');
    const b = await acquireSyncLock(locks, 'till-b', { onWaiting: () => (waited = true) });
    expect([a.enforced, b.enforced, waited]).toEqual([true, true, false]);
    a.release();
    b.release();
  });

  it('gives up the wait when aborted, and never takes the lock afterwards', async () => {
    const locks = new FakeLocks();
    const first = await acquireSyncLock(locks, 'till');
    const abort = new AbortController();
    const second = acquireSyncLock(locks, 'till', { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await expect(second).rejects.toThrow(/aborted/);
    first.release();
    await new Promise((r) => setTimeout(r, 5));
    expect(locks.isHeld(syncLockName('till'))).toBe(false);
  });

  it('is unenforced where there are no Web Locks', async () => {
    expect((await acquireSyncLock(null, 'till')).enforced).toBe(false);
  });
});
