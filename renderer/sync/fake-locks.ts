// Tests only: an in-memory exclusive LockManager with the Web Locks semantics the
// sync lock relies on (ifAvailable gets null while held, a waiter is granted when
// the holder's callback settles, an aborted waiter rejects and leaves the queue).
// Node 20 has no navigator.locks.
import type { SyncLockManager } from './sync-lock';

export class FakeLocks implements SyncLockManager {
  private readonly held = new Set<string>();
  private readonly queue = new Map<string, Array<() => void>>();

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  async request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((grant, reject) => {
        const { signal } = options;
        const waiters = this.queue.get(name) ?? [];
        const onAbort = () => {
          this.queue.set(
            name,
            (this.queue.get(name) ?? []).filter((w) => w !== waiter),
          );
          reject(new DOMException('The lock request was aborted', 'AbortError'));
        };
        const waiter = () => {
          signal?.removeEventListener('abort', onAbort);
          grant();
        };
        signal?.throwIfAborted();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.queue.set(name, [...waiters, waiter]);
      });
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      // Handed straight to the next waiter, as Web Locks do: no one can slip in between.
      const next = this.queue.get(name)?.shift();
      if (next) next();
      else this.held.delete(name);
    }
  }
}
