import { describe, expect, it, vi } from 'vitest';
import { SyncEngine, type SyncEngineOptions } from './engine';
import { CREDS, doc, FakeHeadOffice } from './fake-head-office';
import type { HeadOfficeClient } from './head-office-client';
import { MemorySyncStore } from './memory-store';
import type { SyncStatus } from './status';
import { PermanentSyncError, TransientSyncError } from './transport';

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

/**
 * An enrolled engine on a fresh memory store whose head office is a
 * FakeHeadOffice with some of its calls replaced by `client`.
 */
function engineWith(
  client: Partial<HeadOfficeClient>,
  opts: Partial<SyncEngineOptions> = {},
): { store: MemorySyncStore; ho: FakeHeadOffice; engine: SyncEngine } {
  const store = new MemorySyncStore();
  store.credentials = CREDS;
  const ho = new FakeHeadOffice();
  const engine = new SyncEngine({
    store,
    client: {
      enrol: (code, terminalId) => ho.enrol(code, terminalId),
      push: (c, docs) => ho.push(c, docs),
      terminalState: (c) => ho.terminalState(c),
      pull: (c, collection, after, limit) => ho.pull(c, collection, after, limit),
      ...client,
    },
    collections: ['products'],
    random: () => 0.5,
    now: () => new Date('2026-11-23T12:03:04.000Z'),
    ...opts,
  });
  return { store, ho, engine };
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

  it('parks a document head office refuses the whole batch for, and pushes the rest', async () => {
    const requests: string[][] = [];
    const { store, ho, engine } = engineWith(
      {
        push: async (c, docs) => {
          requests.push(docs.map((d) => d.id));
          // A malformed envelope makes head office refuse the whole request,
          if (docs.some((d) => d.id === 'doc-0005')) {
            throw new PermanentSyncError(
              'The push request is not valid at documents.4.createdAt',
              400,
              'invalid_body',
            );
          }
          // and so does a body over its size limit (here: more than 4 documents).
          if (docs.length > 4) throw new PermanentSyncError('Request Entity Too Large', 413);
          return ho.push(c, docs);
        },
      },
      { collections: [], batchSize: 8 },
    );
    for (let n = 1; n <= 10; n++) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('ok');
    // Halves of the batch, down to the one document head office refuses.
    expect(requests).toEqual([
      [
        'doc-0001',
        'doc-0002',
        'doc-0003',
        'doc-0004',
        'doc-0005',
        'doc-0006',
        'doc-0007',
        'doc-0008',
      ],
      ['doc-0001', 'doc-0002', 'doc-0003', 'doc-0004'],
      ['doc-0005', 'doc-0006', 'doc-0007', 'doc-0008'],
      ['doc-0005', 'doc-0006'],
      ['doc-0005'],
      ['doc-0006'],
      ['doc-0007', 'doc-0008'],
      ['doc-0009', 'doc-0010'],
    ]);
    expect([...ho.received.keys()].sort()).toEqual([
      'doc-0001',
      'doc-0002',
      'doc-0003',
      'doc-0004',
      'doc-0006',
      'doc-0007',
      'doc-0008',
      'doc-0009',
      'doc-0010',
    ]);
    expect(await store.counts()).toEqual({ waiting: 0, rejected: 1 });
    expect(store.outbox.get('doc-0005')).toMatchObject({
      state: 'rejected',
      rejectedCode: 'invalid_body',
      rejectedReason: 'The push request is not valid at documents.4.createdAt',
    });
  });

  it('parks nothing when head office refuses every document on its own: they wait instead', async () => {
    const requests: number[] = [];
    const { store, engine } = engineWith(
      {
        push: async (_c, docs) => {
          requests.push(docs.length);
          throw new PermanentSyncError('documents.0.createdAt: invalid', 400, 'invalid_body');
        },
      },
      { collections: [], batchSize: 4 },
    );
    for (let n = 1; n <= 4; n++) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(requests).toEqual([4, 2, 1, 1, 2, 1, 1]);
    expect(await store.counts()).toEqual({ waiting: 4, rejected: 0 });
    expect(engine.getStatus().lastError).toBe('documents.0.createdAt: invalid');
  });

  it('does not split a batch head office refuses because of the till itself', async () => {
    const requests: number[] = [];
    const { store, engine } = engineWith(
      {
        push: async (_c, docs) => {
          requests.push(docs.length);
          throw new PermanentSyncError('This terminal was revoked', 403, 'terminal_revoked');
        },
      },
      { collections: [], batchSize: 8 },
    );
    for (let n = 1; n <= 8; n++) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(requests).toEqual([8]);
    expect(await store.counts()).toEqual({ waiting: 8, rejected: 0 });
  });

  it('during a long drain shows the waiting count about once a second, and exactly at the end', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
    let countReads = 0;
    const counts = store.counts.bind(store);
    store.counts = () => {
      countReads += 1;
      return counts();
    };
    let clock = 0;
    const ho = new FakeHeadOffice();
    const statuses: SyncStatus[] = [];
    const engine = new SyncEngine({
      store,
      client: {
        enrol: (code, terminalId) => ho.enrol(code, terminalId),
        terminalState: (c) => ho.terminalState(c),
        pull: (c, collection, after, limit) => ho.pull(c, collection, after, limit),
        push: async (c, docs) => {
          clock += 300; // each batch takes 300 ms
          return ho.push(c, docs);
        },
      },
      collections: [],
      batchSize: 1,
      random: () => 0.5,
      now: () => new Date('2026-11-23T12:03:04.000Z'),
      clockMs: () => clock,
      onStatus: (s) => statuses.push(s),
    });
    for (let n = 1; n <= 10; n++) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('ok');
    // 10 batches over 3 s: the first count, one a second after it, and the round's own.
    expect(countReads).toBe(4);
    expect(statuses.map((s) => s.waiting).filter((w, i, all) => w !== all[i - 1])).toEqual([
      0, 9, 5, 1, 0,
    ]);
    expect(engine.getStatus()).toMatchObject({ waiting: 0 });
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

  it('keeps a refusal as the last error while online, until a round completes', async () => {
    const { store, ho, engine } = setup();
    store.add(doc(1));
    const push = ho.push.bind(ho);
    ho.push = () =>
      Promise.reject(new PermanentSyncError('This terminal was revoked at head office', 403));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      connection: 'online',
      waiting: 1,
      lastError: 'This terminal was revoked at head office',
    });
    // Re-enrolled (or head office fixed): the next complete round clears it.
    ho.push = push;
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
      terminalState: async () => null,
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

describe('SyncEngine after head office lost documents', () => {
  it('pushes again what head office acknowledged but no longer holds, each once', async () => {
    let clock = 0;
    const { store, ho, engine } = engineWith({}, { clockMs: () => clock });
    for (let n = 1; n <= 5; n++) store.add(doc(n));
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.size).toBe(5);

    // Head office restored from a copy taken after the second document.
    ho.restoreTo(2);
    store.add(doc(6));
    clock += 60_000;
    expect(await engine.syncOnce()).toBe('ok');
    expect([...ho.received.keys()].sort()).toEqual([
      'doc-0001',
      'doc-0002',
      'doc-0003',
      'doc-0004',
      'doc-0005',
      'doc-0006',
    ]);
    // Oldest first, in one batch with the new sale.
    expect(ho.pushBatches.at(-1)).toEqual(['doc-0003', 'doc-0004', 'doc-0005', 'doc-0006']);
    expect(await store.counts()).toEqual({ waiting: 0, rejected: 0 });
    expect([...store.outbox.values()].every((e) => e.state === 'done')).toBe(true);
  });

  it('asks in the first round and then once a minute, not every round', async () => {
    let clock = 0;
    const { store, ho, engine } = engineWith({}, { clockMs: () => clock });
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.terminalStateCalls).toBe(1);
    ho.restoreTo(0);
    clock += 59_999;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.terminalStateCalls).toBe(1);
    expect(ho.received.size).toBe(0);
    clock += 1;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.terminalStateCalls).toBe(2);
    expect(ho.received.size).toBe(1);
  });

  it('leaves refused documents parked, and a head office that does not say alone', async () => {
    const { store, ho, engine } = engineWith({}, { checkHeldEveryMs: 0 });
    for (let n = 1; n <= 3; n++) store.add(doc(n));
    ho.rejectIds.add('doc-0002');
    expect(await engine.syncOnce()).toBe('ok');
    expect(store.outbox.get('doc-0002')?.state).toBe('rejected');
    ho.restoreTo(1);
    ho.noTerminalState = true;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.has('doc-0003')).toBe(false);
    ho.noTerminalState = false;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.has('doc-0003')).toBe(true);
    expect(store.outbox.get('doc-0002')?.state).toBe('rejected');
    expect(ho.received.has('doc-0002')).toBe(false);
  });

  it('pushes all the same when the check fails, and asks again a minute later', async () => {
    let clock = 0;
    let answer: 'fail' | 'ok' = 'fail';
    const { store, ho, engine } = engineWith(
      {
        terminalState: async (c) => {
          if (answer === 'fail')
            throw new PermanentSyncError('Head office refused the request (HTTP 405)', 405);
          return ho.terminalState(c);
        },
      },
      { clockMs: () => clock },
    );
    store.add(doc(1));
    store.add(doc(2));
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.size).toBe(2);
    ho.restoreTo(1);
    answer = 'ok';
    clock += 30_000;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.size).toBe(1);
    clock += 30_000;
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.size).toBe(2);
  });

  it('stops the round when head office refuses the till itself', async () => {
    const { store, ho, engine } = engineWith({
      terminalState: async () => {
        throw new PermanentSyncError('Terminal S001-T01 was revoked', 403, 'terminal_revoked');
      },
    });
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(ho.received.size).toBe(0);
    expect(engine.getStatus()).toMatchObject({
      waiting: 1,
      lastError: 'Terminal S001-T01 was revoked',
    });
  });
});

describe('SyncEngine pull', () => {
  const products = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      key: `P${i + 1}`,
      seq: i + 1,
      deleted: false,
      value: { id: `P${i + 1}` },
    }));

  it('asks for smaller pages while they time out, and for bigger ones again once they arrive', async () => {
    const limits: number[] = [];
    const { store, ho, engine } = engineWith(
      {
        pull: async (c, collection, after, limit) => {
          limits.push(limit);
          // A slow link: more than 600 changes do not arrive within the timeout.
          if (limit > 600)
            throw new TransientSyncError('Head office did not answer within 15000 ms', true);
          return ho.pull(c, collection, after, limit);
        },
      },
      { pageSize: 4000 },
    );
    ho.changes.set('products', products(3000));
    // 4000, 2000 and 1000 time out, one round each; then pages of 500 arrive.
    expect(await engine.syncOnce()).toBe('transient');
    expect(await engine.syncOnce()).toBe('transient');
    expect(await engine.syncOnce()).toBe('transient');
    expect(await engine.syncOnce()).toBe('ok');
    expect(limits).toEqual([4000, 2000, 1000, 500, 500, 500, 500, 500, 500]);
    expect(store.checkpoints.get('products')).toBe(3000);
    expect(store.collections.get('products')?.size).toBe(3000);
    // A network error that is not a timeout does not shrink the page.
    const errors = engineWith(
      {
        pull: async (_c, _col, _after, limit) => {
          limits.push(limit);
          throw new TransientSyncError('Head office unreachable (ECONNREFUSED)');
        },
      },
      { pageSize: 4000 },
    ).engine;
    limits.length = 0;
    await errors.syncOnce();
    await errors.syncOnce();
    expect(limits).toEqual([4000, 4000]);
  });

  it('grows the page back after ten pages in a row arrive in time', async () => {
    const limits: number[] = [];
    let slow = true;
    const { store, ho, engine } = engineWith(
      {
        pull: async (c, collection, after, limit) => {
          limits.push(limit);
          if (slow && limit > 100) {
            slow = false; // one bad moment
            throw new TransientSyncError('Head office did not answer within 15000 ms', true);
          }
          return ho.pull(c, collection, after, limit);
        },
      },
      { pageSize: 200 },
    );
    ho.changes.set('products', products(2000));
    expect(await engine.syncOnce()).toBe('transient');
    expect(await engine.syncOnce()).toBe('ok');
    // 200 timed out; 10 pages of 100 (1,000 changes), then pages of 200 for the rest.
    expect(limits).toEqual([200, ...Array(10).fill(100), ...Array(5).fill(200)]);
    expect(store.checkpoints.get('products')).toBe(2000);
  });

  it("pulls a collection again from the start when head office's database is behind its checkpoint", async () => {
    const asked: (number | null)[] = [];
    const { store, ho, engine } = engineWith(
      {
        pull: async (c, collection, after, limit) => {
          asked.push(after);
          if ((after ?? 0) > 120) {
            throw new PermanentSyncError('checkpoint past head office', 409, 'checkpoint_ahead');
          }
          return ho.pull(c, collection, after, limit);
        },
      },
      { pageSize: 50 },
    );
    // Pulled up to 500 from the old head office; the restored one has 120 changes.
    store.checkpoints.set('products', 500);
    store.collections.set('products', new Map([['OLD', { id: 'OLD' }]]));
    ho.changes.set('products', products(120));
    expect(await engine.syncOnce()).toBe('ok');
    expect(asked).toEqual([500, null, 50, 100]);
    expect(store.checkpoints.get('products')).toBe(120);
    // Every row head office has is pulled over; a row it no longer has stays.
    expect(store.collections.get('products')?.size).toBe(121);
    // Once only per collection and round: a head office that keeps saying so is an error.
    let stubbornAsks = 0;
    const stubborn = engineWith({
      pull: async () => {
        stubbornAsks += 1;
        throw new PermanentSyncError('checkpoint past head office', 409, 'checkpoint_ahead');
      },
    });
    stubborn.store.checkpoints.set('products', 500);
    expect(await stubborn.engine.syncOnce()).toBe('permanent');
    expect(stubbornAsks).toBe(2);
    expect(stubborn.store.checkpoints.get('products')).toBeUndefined();
  });

  it('stops a long pull between two writes when the engine is stopped', async () => {
    const store = new MemorySyncStore();
    store.credentials = CREDS;
    const ho = new FakeHeadOffice();
    ho.changes.set('products', products(50));
    let writes = 0;
    const apply = store.applyPage.bind(store);
    let engine: SyncEngine | null = null;
    store.applyPage = async (...args) => {
      await apply(...args);
      writes += 1;
      if (writes === 2) void engine?.stop();
    };
    engine = new SyncEngine({
      store,
      client: ho,
      collections: ['products'],
      pageSize: 5,
      intervalMs: 60_000,
      random: () => 0.5,
      now: () => new Date('2026-11-23T12:03:04.000Z'),
    });
    engine.start();
    await vi.waitFor(() => expect(writes).toBeGreaterThanOrEqual(2));
    await engine.stop();
    // Stopped after the second page, not after all ten; the checkpoint is that page's.
    expect(writes).toBe(2);
    expect(store.checkpoints.get('products')).toBe(10);
    // A stopped engine's own syncOnce still runs a whole round afterwards.
    expect(await engine.syncOnce()).toBe('ok');
    expect(store.checkpoints.get('products')).toBe(50);
  });

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

  it('enrols with a code a person typed, once, and never replaces a stored token with one', async () => {
    const { store, ho, engine } = setup({ enrolled: false, code: null });
    expect(await engine.syncOnce()).toBe('not_enrolled');
    expect(engine.getStatus()).toMatchObject({
      enrolled: false,
      needsEnrolmentCode: true,
      lastError: 'Till is not enrolled with head office',
    });
    engine.useEnrolmentCode('CODE-1');
    expect(await engine.syncOnce()).toBe('ok');
    expect(store.credentials).toEqual(CREDS);
    expect(engine.getStatus()).toMatchObject({
      enrolled: true,
      needsEnrolmentCode: false,
      lastError: null,
    });
    engine.useEnrolmentCode('CODE-2');
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.enrolCalls).toBe(1);
  });

  it('reports a refused enrolment code as an error without going offline', async () => {
    const { engine } = setup({ enrolled: false, code: 'WRONG' });
    expect(engine.getStatus().needsEnrolmentCode).toBe(false);
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      connection: 'online',
      lastError: 'Enrolment code unknown or used',
      needsEnrolmentCode: true,
    });
  });

  it('asks for a code once head office refuses the token, and a code issued anew for this terminal sends what waited', async () => {
    const { store, ho, engine } = setup();
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('ok');
    ho.revoked = true;
    store.add(doc(2));
    store.add(doc(3));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      connection: 'online',
      enrolled: true,
      needsEnrolmentCode: true,
      waiting: 2,
      lastError: 'Terminal S001-T01 was revoked',
    });
    // No code yet: the rounds go on with the old token and keep saying why.
    expect(await engine.syncOnce()).toBe('permanent');
    expect(ho.enrolCalls).toBe(0);

    ho.reissue('AGAIN-1', 'tok-2');
    engine.useEnrolmentCode('AGAIN-1');
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.enrolTerminals).toEqual([CREDS.terminalId]);
    expect(store.credentials).toEqual({ ...CREDS, token: 'tok-2' });
    expect([...ho.received.keys()]).toEqual(['doc-0001', 'doc-0002', 'doc-0003']);
    expect(engine.getStatus()).toMatchObject({
      enrolled: true,
      needsEnrolmentCode: false,
      waiting: 0,
      lastError: null,
    });
    // Enrolled and taken: a code typed now is ignored.
    engine.useEnrolmentCode('CODE-1');
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.enrolCalls).toBe(1);
  });

  it('treats a token head office no longer knows like a revoked one', async () => {
    const { store, ho, engine } = setup();
    ho.reissue('AGAIN-1', 'tok-2');
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      needsEnrolmentCode: true,
      lastError: 'Head office does not know this token',
    });
    engine.useEnrolmentCode('AGAIN-1');
    expect(await engine.syncOnce()).toBe('ok');
    expect(ho.received.has('doc-0001')).toBe(true);
  });

  it('drops a code head office refuses for enrolling again, keeps the token, and asks for another', async () => {
    const { store, ho, engine } = setup();
    ho.revoked = true;
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    engine.useEnrolmentCode('WRONG');
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      needsEnrolmentCode: true,
      lastError: 'Enrolment code unknown or used',
      waiting: 1,
    });
    expect(store.credentials).toEqual(CREDS);
    // Not tried again on its own, and the code's refusal, which says what to ask head
    // office for, stays on the line instead of the old token's.
    expect(await engine.syncOnce()).toBe('permanent');
    expect(ho.enrolCalls).toBe(1);
    expect(engine.getStatus().lastError).toBe('Enrolment code unknown or used');
    // A new code clears it; the token's own refusal shows again until it is used.
    ho.reissue('AGAIN-1', 'tok-2');
    engine.useEnrolmentCode('AGAIN-1');
    expect(await engine.syncOnce()).toBe('ok');
    expect(engine.getStatus()).toMatchObject({ lastError: null, needsEnrolmentCode: false });
  });

  it('keeps a code typed while the one before was on its way and refused', async () => {
    const ho = new FakeHeadOffice();
    let engine: SyncEngine | null = null;
    const built = engineWith({
      enrol: async (code, terminalId) => {
        if (code === 'TYPO-1') {
          engine?.useEnrolmentCode('AGAIN-1');
          throw new PermanentSyncError('Unknown code', 404, 'enrolment_code_unknown');
        }
        return ho.enrol(code, terminalId);
      },
      push: (c, docs) => ho.push(c, docs),
      terminalState: (c) => ho.terminalState(c),
      pull: (c, collection, after, limit) => ho.pull(c, collection, after, limit),
    });
    engine = built.engine;
    ho.revoked = true;
    built.store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    ho.reissue('AGAIN-1', 'tok-2');
    engine.useEnrolmentCode('TYPO-1');
    expect(await engine.syncOnce()).toBe('permanent');
    expect(await engine.syncOnce()).toBe('ok');
    expect(built.store.credentials?.token).toBe('tok-2');
    expect(ho.received.has('doc-0001')).toBe(true);
  });

  it('does not ask for a code when a 401 is not head office refusing the token', async () => {
    const { engine, store } = engineWith({
      push: async () => {
        throw new PermanentSyncError('Head office refused the request (HTTP 401)', 401, null);
      },
    });
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    expect(engine.getStatus()).toMatchObject({
      needsEnrolmentCode: false,
      lastError: 'Head office refused the request (HTTP 401)',
    });
  });

  it('keeps its token when head office answers a code with another terminal', async () => {
    const { store, engine } = engineWith({
      enrol: async () => ({ ...CREDS, terminalId: 't9', terminalCode: 'T09', token: 'tok-9' }),
      push: async () => {
        throw new PermanentSyncError('Terminal S001-T01 was revoked', 403, 'terminal_revoked');
      },
    });
    store.add(doc(1));
    expect(await engine.syncOnce()).toBe('permanent');
    engine.useEnrolmentCode('OTHER-1');
    expect(await engine.syncOnce()).toBe('permanent');
    expect(store.credentials).toEqual(CREDS);
    expect(engine.getStatus().lastError).toContain(
      'Head office enrolled this till as terminal S001-T09 (t9), but it is S001-T01 (t1)',
    );
  });

  it('does not ask for a code while head office cannot be reached to try the configured one', async () => {
    const store = new MemorySyncStore();
    const engine = new SyncEngine({
      store,
      client: {
        enrol: async () => {
          throw new TransientSyncError('Head office unreachable (ECONNREFUSED)');
        },
        push: async () => [],
        terminalState: async () => null,
        pull: async () => ({ changes: [], checkpoint: 0, more: false }),
      },
      collections: [],
      enrolmentCode: 'CODE-1',
      random: () => 0,
      now: () => new Date(0),
    });
    expect(await engine.syncOnce()).toBe('transient');
    expect(engine.getStatus()).toMatchObject({
      connection: 'offline',
      enrolled: false,
      needsEnrolmentCode: false,
    });
  });
});
