import { describe, expect, it } from 'vitest';
import { acquireTillLock, waitForTillLock, type LockManagerLike } from './single-till-lock';

/** An in-memory exclusive LockManager with the Web Locks semantics the till relies on. */
class FakeLocks implements LockManagerLike {
  private held = new Set<string>();
  private queue = new Map<string, (() => void)[]>();

  async request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((go) => this.queue.set(name, [...(this.queue.get(name) ?? []), go]));
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      this.held.delete(name);
      const next = this.queue.get(name)?.shift();
      next?.();
    }
  }
}

describe('single till lock', () => {
  it('lets the first window take the till and tells the second it is held elsewhere', async () => {
    const locks = new FakeLocks();
    const first = await acquireTillLock(locks);
    const second = await acquireTillLock(locks);
    expect(first).toMatchObject({ state: 'acquired', enforced: true });
    expect(second).toMatchObject({ state: 'held-elsewhere', enforced: true });
  });

  it('frees the till on release, so another window can take it', async () => {
    const locks = new FakeLocks();
    const first = await acquireTillLock(locks);
    first.release();
    await Promise.resolve();
    await Promise.resolve();
    expect((await acquireTillLock(locks)).state).toBe('acquired');
  });

  it('lets a waiting window take over when the holder goes away', async () => {
    const locks = new FakeLocks();
    const first = await acquireTillLock(locks);
    let taken = false;
    const waiting = waitForTillLock(locks).then((l) => {
      taken = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(taken).toBe(false);
    first.release();
    expect((await waiting).state).toBe('acquired');
  });

  it('runs unenforced where the browser has no Web Locks', async () => {
    expect(await acquireTillLock(null)).toMatchObject({ state: 'acquired', enforced: false });
  });
});
