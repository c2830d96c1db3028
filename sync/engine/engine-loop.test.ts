import { describe, expect, it } from 'vitest';
import { SyncEngine } from './engine';
import { CREDS, doc, FakeHeadOffice } from './fake-head-office';
import { MemorySyncStore } from './memory-store';

describe('SyncEngine pull slices', () => {
  it('writes a page in slices, each with the seq of its last change as checkpoint', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
    const ho = new FakeHeadOffice();
    ho.changes.set(
      'products',
      Array.from({ length: 7 }, (_, i) => ({
        key: `p${i + 1}`,
        seq: (i + 1) * 10,
        deleted: false,
        value: {},
      })),
    );
    const applied: Array<{ keys: string[]; checkpoint: number }> = [];
    const applyPage = store.applyPage.bind(store);
    store.applyPage = async (collection, changes, checkpoint) => {
      applied.push({ keys: changes.map((c) => c.key), checkpoint });
      await applyPage(collection, changes, checkpoint);
    };
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: ['products'],
      pageSize: 5,
      applySliceSize: 2,
      random: () => 0,
      now: () => new Date(),
    });
    expect(await engine.syncOnce()).toBe('ok');
    expect(applied).toEqual([
      { keys: ['p1', 'p2'], checkpoint: 20 },
      { keys: ['p3', 'p4'], checkpoint: 40 },
      { keys: ['p5'], checkpoint: 50 },
      { keys: ['p6', 'p7'], checkpoint: 70 },
    ]);
    expect(store.collections.get('products')?.size).toBe(7);
  });

  it('keeps the last written slice when a later one fails, and resumes after it', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
    const ho = new FakeHeadOffice();
    ho.changes.set(
      'products',
      Array.from({ length: 4 }, (_, i) => ({
        key: `p${i + 1}`,
        seq: i + 1,
        deleted: false,
        value: {},
      })),
    );
    const applyPage = store.applyPage.bind(store);
    let failOnce = true;
    store.applyPage = async (collection, changes, checkpoint) => {
      if (changes.some((c) => c.key === 'p3') && failOnce) {
        failOnce = false;
        throw new Error('disk full');
      }
      await applyPage(collection, changes, checkpoint);
    };
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: ['products'],
      pageSize: 10,
      applySliceSize: 2,
      random: () => 0,
      now: () => new Date(),
    });
    expect(await engine.syncOnce()).toBe('permanent');
    expect(await store.getCheckpoint('products')).toBe(2);
    expect(engine.getStatus().lastError).toBe('disk full');
    expect(await engine.syncOnce()).toBe('ok');
    expect(await store.getCheckpoint('products')).toBe(4);
    expect(store.collections.get('products')?.size).toBe(4);
  });
});

describe('SyncEngine loop', () => {
  it('retries with backoff until head office comes back, then drains', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
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
    const store = new MemorySyncStore();
    store.credentials = CREDS;
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
    const store = new MemorySyncStore();
    store.credentials = CREDS;
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
});
