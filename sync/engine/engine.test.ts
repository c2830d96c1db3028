import { describe, expect, it } from 'vitest';
import { SyncEngine } from './engine';
import type { HeadOfficeClient, PullPage, PushOutcome } from './head-office-client';
import { MemorySyncStore } from './memory-store';
import type { OutboxDocument, PullChange, TerminalCredentials } from './store-port';
import type { SyncStatus } from './status';
import { PermanentSyncError, TransientSyncError } from './transport';

const CREDS: TerminalCredentials = {
  token: 'tok',
  terminalId: 't1',
  storeId: 's1',
  storeCode: 'S001',
  terminalCode: 'T01',
};

/** An in-memory head office: stores documents once by id, hands out changes by seq. */
class FakeHeadOffice implements HeadOfficeClient {
  readonly received = new Map<string, unknown>();
  readonly pushBatches: string[][] = [];
  readonly changes = new Map<string, PullChange[]>();
  rejectIds = new Set<string>();
  /** Each push call takes the next scripted failure, if any. */
  failures: Array<'network' | 'after_commit'> = [];
  enrolCalls = 0;
  codes = new Set(['CODE-1']);

  async enrol(code: string): Promise<TerminalCredentials> {
    this.enrolCalls += 1;
    if (!this.codes.delete(code))
      throw new PermanentSyncError('Enrolment code unknown or used', 403);
    return CREDS;
  }

  async push(creds: TerminalCredentials, docs: readonly OutboxDocument[]): Promise<PushOutcome[]> {
    expect(creds.token).toBe(CREDS.token);
    const failure = this.failures.shift();
    if (failure === 'network')
      throw new TransientSyncError('Head office unreachable (ECONNREFUSED)');
    this.pushBatches.push(docs.map((d) => d.id));
    const outcomes = docs.map((d): PushOutcome => {
      if (this.rejectIds.has(d.id))
        return {
          id: d.id,
          outcome: 'rejected',
          code: 'totals_mismatch',
          reason: 'Totals do not add up',
        };
      if (this.received.has(d.id)) return { id: d.id, outcome: 'duplicate' };
      this.received.set(d.id, d.body);
      return { id: d.id, outcome: 'accepted' };
    });
    if (failure === 'after_commit')
      throw new TransientSyncError('Connection to head office dropped');
    return outcomes;
  }

  async pull(
    _creds: TerminalCredentials,
    collection: string,
    after: number | null,
    limit: number,
  ): Promise<PullPage> {
    const all = (this.changes.get(collection) ?? []).filter((c) => c.seq > (after ?? 0));
    const page = all.slice(0, limit);
    return { changes: page, checkpoint: page.at(-1)?.seq ?? after ?? 0, more: all.length > limit };
  }
}

function doc(n: number): Omit<OutboxDocument, 'attempts'> {
  return {
    id: `doc-${String(n).padStart(4, '0')}`,
    terminalId: 't1',
    sequence: n,
    type: 'sale',
    body: { n },
    createdAt: '2026-11-23T12:00:00.000Z',
  };
}

function setup(opts: { enrolled?: boolean; code?: string | null } = {}) {
  const store = new MemorySyncStore();
  if (opts.enrolled ?? true) store.credentials = CREDS;
  const ho = new FakeHeadOffice();
  const statuses: SyncStatus[] = [];
  const engine = new SyncEngine({
    store,
    client: ho,
    collections: ['products'],
    enrolmentCode: opts.code ?? null,
    batchSize: 3,
    pageSize: 2,
    random: () => 0.5,
    now: () => new Date('2026-11-23T12:03:04.000Z'),
    onStatus: (s) => statuses.push(s),
  });
  return { store, ho, engine, statuses };
}

describe('SyncEngine push', () => {
  it('drains the outbox in sequence order, in batches of the configured size', async () => {
    const { store, ho, engine } = setup();
    for (const n of [5, 1, 4, 2, 3, 6, 7]) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.pushBatches).toEqual([
      ['doc-0001', 'doc-0002', 'doc-0003'],
      ['doc-0004', 'doc-0005', 'doc-0006'],
      ['doc-0007'],
    ]);
    expect(await store.counts()).toEqual({ waiting: 0, rejected: 0 });
    expect(engine.getStatus()).toMatchObject({
      connection: 'online',
      waiting: 0,
      lastSyncAt: '2026-11-23T12:03:04.000Z',
      lastError: null,
    });
  });

  it('parks a rejected document with its reason and still pushes the ones behind it', async () => {
    const { store, ho, engine } = setup();
    for (let n = 1; n <= 5; n++) store.add(doc(n));
    ho.rejectIds.add('doc-0002');
    expect(await engine.syncOnce()).toBe('ok');
    expect(store.outbox.get('doc-0002')).toMatchObject({
      state: 'rejected',
      rejectedCode: 'totals_mismatch',
      rejectedReason: 'Totals do not add up',
    });
    expect([...ho.received.keys()]).toEqual(['doc-0001', 'doc-0003', 'doc-0004', 'doc-0005']);
    expect(engine.getStatus()).toMatchObject({ waiting: 0, rejected: 1 });
    // A later round does not send the parked document again.
    ho.pushBatches.length = 0;
    await engine.syncOnce();
    expect(ho.pushBatches).toEqual([]);
  });

  it('parks a document made under another terminal identity instead of sending it', async () => {
    const { store, ho, engine } = setup();
    store.add(doc(1));
    store.add({ ...doc(2), terminalId: 'config-T01' });
    store.add(doc(3));
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.pushBatches).toEqual([['doc-0001', 'doc-0003']]);
    expect(store.outbox.get('doc-0002')).toMatchObject({
      state: 'rejected',
      rejectedCode: 'forbidden_terminal',
    });
    expect(store.outbox.get('doc-0002')?.rejectedReason).toContain('enrolled as T01 (t1)');
  });

  it('keeps documents pending and goes offline on a network failure, recording the attempt', async () => {
    const { store, ho, engine } = setup();
    store.add(doc(1));
    ho.failures.push('network');
    expect(await engine.syncOnce()).toBe('transient');
    expect(store.outbox.get('doc-0001')).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'Head office unreachable (ECONNREFUSED)',
    });
    expect(engine.getStatus()).toMatchObject({
      connection: 'offline',
      waiting: 1,
      lastSyncAt: null,
    });
    expect(await engine.syncOnce()).toBe('ok');
    expect(engine.getStatus()).toMatchObject({ connection: 'online', waiting: 0, lastError: null });
  });

  it('treats a retry of a batch head office already committed as done, never stored twice', async () => {
    const { store, ho, engine } = setup();
    for (let n = 1; n <= 2; n++) store.add(doc(n));
    ho.failures.push('after_commit');
    expect(await engine.syncOnce()).toBe('transient');
    expect(ho.received.size).toBe(2);
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.size).toBe(2);
    expect(await store.counts()).toEqual({ waiting: 0, rejected: 0 });
  });

  it('leaves a document head office did not answer for pending', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
    const client: HeadOfficeClient = {
      enrol: async () => CREDS,
      push: async (_t, docs) =>
        docs.slice(1).map((d) => ({ id: d.id, outcome: 'accepted' as const })),
      pull: async () => ({ changes: [], checkpoint: 0, more: false }),
    };
    const lonely = new SyncEngine({
      store,
      client,
      collections: [],
      random: () => 0,
      now: () => new Date(0),
    });
    store.add(doc(1));
    store.add(doc(2));
    expect(await lonely.syncOnce()).toBe('transient');
    expect(store.outbox.get('doc-0001')?.state).toBe('pending');
    expect(store.outbox.get('doc-0002')?.state).toBe('done');
  });
});

describe('SyncEngine pull', () => {
  it('pulls page by page from the stored checkpoint and applies tombstones', async () => {
    const { store, ho, engine, statuses } = setup();
    ho.changes.set('products', [
      { key: 'p1', seq: 1, deleted: false, value: { name: 'tea' } },
      { key: 'p2', seq: 2, deleted: false, value: { name: 'rice' } },
      { key: 'p3', seq: 3, deleted: false, value: { name: 'oil' } },
      { key: 'p1', seq: 4, deleted: true, value: null },
    ]);
    expect(await engine.syncOnce()).toBe('ok');
    expect([...(store.collections.get('products')?.keys() ?? [])].sort()).toEqual(['p2', 'p3']);
    expect(await store.getCheckpoint('products')).toBe(4);
    expect(statuses.some((s) => s.pull?.collection === 'products' && s.pull.received === 2)).toBe(
      true,
    );
    expect(engine.getStatus().pull).toBeNull();
    // The next round asks only for what came after the checkpoint.
    ho.changes
      .get('products')
      ?.push({ key: 'p4', seq: 5, deleted: false, value: { name: 'salt' } });
    await engine.syncOnce();
    expect(store.collections.get('products')?.has('p4')).toBe(true);
    expect(await store.getCheckpoint('products')).toBe(5);
  });
});

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

describe('SyncEngine enrolment', () => {
  it('enrols once with the configured code and keeps the credentials', async () => {
    const { store, ho, engine } = setup({ enrolled: false, code: 'CODE-1' });
    expect(await engine.syncOnce()).toBe('ok');
    expect(store.credentials).toEqual(CREDS);
    await engine.syncOnce();
    expect(ho.enrolCalls).toBe(1);
    expect(engine.getStatus().enrolled).toBe(true);
  });

  it('stays unenrolled without a code and says so', async () => {
    const { engine, store } = setup({ enrolled: false, code: null });
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('not_enrolled');
    expect(engine.getStatus()).toMatchObject({
      enrolled: false,
      waiting: 1,
      lastError: 'Till is not enrolled with head office',
    });
  });

  it('reports a refused enrolment code as an error without going offline', async () => {
    const { engine } = setup({ enrolled: false, code: 'WRONG' });
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      connection: 'online',
      lastError: 'Enrolment code unknown or used',
    });
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
