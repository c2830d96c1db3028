import { describe, expect, it } from 'vitest';
import { SyncEngine, type SyncEngineOptions } from './engine';
import { CREDS, doc, FakeHeadOffice } from './fake-head-office';
import { MemorySyncStore } from './memory-store';
import { CheckpointMovedError } from './store-port';
import { TransientSyncError } from './transport';

/** Head office holding `count` products p1…pN with seqs step, 2·step, … */
function catalogue(count: number, step = 1): FakeHeadOffice {
  const ho = new FakeHeadOffice();
  ho.changes.set(
    'products',
    Array.from({ length: count }, (_, i) => ({
      key: `p${i + 1}`,
      seq: (i + 1) * step,
      deleted: false,
      value: {},
    })),
  );
  return ho;
}

function enrolledStore(): MemorySyncStore {
  const store = new MemorySyncStore();
  store.credentials = CREDS;
  return store;
}

/** An engine that pulls products only. */
function productsPuller(
  store: MemorySyncStore,
  client: FakeHeadOffice,
  options: Partial<SyncEngineOptions>,
): SyncEngine {
  return new SyncEngine({
    store,
    client,
    collections: ['products'],
    random: () => 0,
    now: () => new Date(),
    ...options,
  });
}

/** Record each slice the store is asked to write (its keys and checkpoint), then write it. */
function recordSlices(store: MemorySyncStore): Array<{ keys: string[]; checkpoint: number }> {
  const applied: Array<{ keys: string[]; checkpoint: number }> = [];
  const applyPage = store.applyPage.bind(store);
  store.applyPage = async (collection, changes, checkpoint, after) => {
    applied.push({ keys: changes.map((c) => c.key), checkpoint });
    await applyPage(collection, changes, checkpoint, after);
  };
  return applied;
}

describe('SyncEngine pull slices', () => {
  it('writes a page in slices, each with the seq of its last change as checkpoint', async () => {
    const store = enrolledStore();
    const applied = recordSlices(store);
    const engine = productsPuller(store, catalogue(7, 10), { pageSize: 5, applySliceSize: 2 });
    expect(await engine.syncOnce()).toBe('ok');
    expect(applied).toEqual([
      { keys: ['p1', 'p2'], checkpoint: 20 },
      { keys: ['p3', 'p4'], checkpoint: 40 },
      { keys: ['p5'], checkpoint: 50 },
      { keys: ['p6', 'p7'], checkpoint: 70 },
    ]);
    expect(store.collections.get('products')?.size).toBe(7);
  });

  it('cuts a page into slices of equal length rather than leaving a short last one', async () => {
    const store = enrolledStore();
    const applied = recordSlices(store);
    const engine = productsPuller(store, catalogue(10), { pageSize: 10, applySliceSize: 4 });
    expect(await engine.syncOnce()).toBe('ok');
    // Three transactions either way; cut 4 after 4 they would have been 4, 4 and 2.
    expect(applied.map((a) => a.keys.length)).toEqual([4, 3, 3]);
    expect(store.collections.get('products')?.size).toBe(10);
  });

  it('keeps the last written slice when a later one fails, and resumes after it', async () => {
    const store = enrolledStore();
    const ho = catalogue(4);
    const applyPage = store.applyPage.bind(store);
    let failOnce = true;
    store.applyPage = async (collection, changes, checkpoint, after) => {
      if (changes.some((c) => c.key === 'p3') && failOnce) {
        failOnce = false;
        throw new Error('disk full');
      }
      await applyPage(collection, changes, checkpoint, after);
    };
    const engine = productsPuller(store, ho, { pageSize: 10, applySliceSize: 2 });
    expect(await engine.syncOnce()).toBe('permanent');
    expect(await store.getCheckpoint('products')).toBe(2);
    expect(engine.getStatus().lastError).toBe('disk full');
    expect(await engine.syncOnce()).toBe('ok');
    expect(await store.getCheckpoint('products')).toBe(4);
    expect(store.collections.get('products')?.size).toBe(4);
  });
});

describe('SyncEngine pull checkpoints and slice sizes', () => {
  it('grows slices while writes are quicker than applyBudgetMs', async () => {
    const store = enrolledStore();
    const applyPage = store.applyPage.bind(store);
    let clock = 0;
    const sizes: number[] = [];
    store.applyPage = async (collection, changes, checkpoint, after) => {
      sizes.push(changes.length);
      // A till where a write costs 2 ms plus 0.1 ms a change.
      clock += 2 + changes.length * 0.1;
      await applyPage(collection, changes, checkpoint, after);
    };
    const engine = productsPuller(store, catalogue(2000), {
      pageSize: 500,
      applySliceSize: 10,
      applyBudgetMs: 12,
      clockMs: () => clock,
    });
    expect(await engine.syncOnce()).toBe('ok');
    expect(sizes[0]).toBe(10);
    // 2 ms + n × 0.1 ms ≈ 12 ms at n ≈ 100; slices are never longer than a page.
    expect(Math.max(...sizes)).toBeGreaterThan(80);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(await store.getCheckpoint('products')).toBe(2000);
    expect(store.collections.get('products')?.size).toBe(2000);
  });

  it('writes nothing over a checkpoint another pull moved, and resumes from where that one got to', async () => {
    const store = enrolledStore();
    const ho = catalogue(6);
    const applyPage = store.applyPage.bind(store);
    let otherPull = true;
    store.applyPage = async (collection, changes, checkpoint, after) => {
      if (otherPull) {
        // Another window's pull commits the first four changes just before this one writes.
        otherPull = false;
        const first = ho.changes.get('products')?.slice(0, 4) ?? [];
        await applyPage(collection, first, 4, null);
      }
      await applyPage(collection, changes, checkpoint, after);
    };
    const engine = productsPuller(store, ho, { pageSize: 10, applySliceSize: 2 });
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus().lastError).toMatch(/products checkpoint is 4, not unset/);
    expect(await store.getCheckpoint('products')).toBe(4);
    expect(await engine.syncOnce()).toBe('ok');
    expect(await store.getCheckpoint('products')).toBe(6);
    expect(store.collections.get('products')?.size).toBe(6);
  });

  it('the memory store refuses a page that does not follow its checkpoint', async () => {
    const store = new MemorySyncStore();
    await store.applyPage('products', [{ key: 'p1', seq: 1, deleted: false, value: {} }], 1, null);
    await expect(
      store.applyPage('products', [{ key: 'p3', seq: 3, deleted: false, value: {} }], 3, 2),
    ).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await store.getCheckpoint('products')).toBe(1);
    expect([...(store.collections.get('products')?.keys() ?? [])]).toEqual(['p1']);
  });
});

describe('SyncEngine loop', () => {
  it('retries with backoff until head office comes back, then drains', async () => {
    const store = enrolledStore();
    const ho = new FakeHeadOffice();
    ho.failures.push('network', 'network', 'network');
    store.add(doc(1));
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: [],
      backoff: { baseMs: 4, capMs: 20 },
      intervalMs: 5,
      random: () => 0.99,
      now: () => new Date(),
    });
    engine.start();
    await expect.poll(() => store.outbox.get('doc-0001')?.state, { timeout: 2000 }).toBe('done');
    await engine.stop();
    expect(store.outbox.get('doc-0001')?.attempts).toBe(3);
    expect(engine.getStatus().connection).toBe('online');
  });

  it('wake() cuts the idle wait so a new sale goes out at once', async () => {
    const store = enrolledStore();
    const ho = new FakeHeadOffice();
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: [],
      intervalMs: 60_000,
      random: () => 0,
      now: () => new Date(),
    });
    engine.start();
    await expect.poll(() => engine.getStatus().connection).toBe('online');
    store.add(doc(1));
    engine.wake();
    await expect.poll(() => ho.received.has('doc-0001'), { timeout: 1000 }).toBe(true);
    await engine.stop();
  });

  it('wake(true) cuts a backoff wait (Sync now), wake() does not', async () => {
    const store = enrolledStore();
    const ho = new FakeHeadOffice();
    ho.failures.push('network');
    store.add(doc(1));
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: [],
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.99,
      now: () => new Date(),
    });
    engine.start();
    await expect.poll(() => engine.getStatus().connection).toBe('offline');
    engine.wake();
    await new Promise((r) => setTimeout(r, 50));
    expect(ho.received.size).toBe(0);
    engine.wake(true);
    await expect.poll(() => ho.received.size, { timeout: 1000 }).toBe(1);
    await engine.stop();
  });

  it('keeps a Sync now pressed during a round when a sale wakes the engine after it', async () => {
    const store = enrolledStore();
    const ho = new FakeHeadOffice();
    store.add(doc(1));
    // The first push hangs until released, then fails: the engine backs off for 60 s.
    let fail: (err: Error) => void = () => {};
    const push = ho.push.bind(ho);
    let calls = 0;
    ho.push = (creds, docs) => {
      calls += 1;
      if (calls > 1) return push(creds, docs);
      return new Promise((_resolve, reject) => (fail = reject));
    };
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: [],
      backoff: { baseMs: 60_000, capMs: 60_000 },
      random: () => 0.99,
      now: () => new Date(),
    });
    engine.start();
    await expect.poll(() => calls).toBe(1);
    engine.wake(true); // the cashier presses "Sync now" while the push hangs
    engine.wake(); // a sale completes just after
    fail(new TransientSyncError('Head office did not answer within 15000 ms'));
    await expect.poll(() => ho.received.has('doc-0001'), { timeout: 1000 }).toBe(true);
    await engine.stop();
  });
});
