import { describe, expect, it } from 'vitest';
import { completeSale } from '../db/complete-sale';
import { memberBalance } from '../db/members';
import { COLA, APPLES, freshDb, saleInput, sampleCart, testDeps } from '../db/test-support';
import { availableStock } from './available-stock';
import { CheckpointMovedError } from '../../sync/engine/store-port';
import { verifyAuditChain } from '../db/audit';
import { DexieSyncStore, RESENT_AFTER_RESTORE_AUDIT } from './dexie-sync-store';

const NOW = () => '2026-11-23T12:00:00.000Z';

async function withSales(count: number) {
  const { db, reopen } = await freshDb();
  const deps = testDeps('sale');
  const sales = [];
  for (let i = 0; i < count; i++)
    sales.push((await completeSale(db, saleInput(sampleCart(1)), deps)).sale);
  return { db, reopen, sales, store: new DexieSyncStore(db, db, NOW) };
}

describe('DexieSyncStore outbox', () => {
  it('hands out pending entries oldest first in batches and counts what waits', async () => {
    const { store, sales } = await withSales(5);
    const first = await store.nextPending(2);
    expect(first.map((d) => d.sequence)).toEqual([1, 2]);
    expect(first[0]).toMatchObject({ id: sales[0]?.id, type: 'sale', attempts: 0 });
    expect(await store.counts()).toEqual({ waiting: 5, rejected: 0 });
  });

  it('moves done and rejected entries out of the queue without blocking the rest', async () => {
    const { db, store, sales } = await withSales(4);
    const ids = sales.map((s) => s.id);
    await store.markDone([ids[0]!], NOW());
    await store.markRejected(ids[1]!, 'totals_mismatch', 'Totals do not add up');
    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[2], ids[3]]);
    expect(await store.counts()).toEqual({ waiting: 2, rejected: 1 });
    expect(await db.outbox.get(ids[1]!)).toMatchObject({
      state: 'rejected',
      rejectedReason: 'Totals do not add up',
    });
    expect(await db.outbox.get(ids[0]!)).toMatchObject({ state: 'done', doneAt: NOW() });
    // A late "done" for a parked entry does not un-park it.
    await store.markDone([ids[1]!], NOW());
    expect((await db.outbox.get(ids[1]!))?.state).toBe('rejected');
  });

  it('sends again what head office acknowledged but lost, and nothing else', async () => {
    const { db, store, sales } = await withSales(5);
    const ids = sales.map((s) => s.id);
    const terminalId = (await db.outbox.get(ids[0]!))!.terminalId;
    // Pushed a round at a time: acknowledged 1, 2, 4 and 5; 3 refused.
    for (const [i, id] of ids.entries()) {
      expect((await store.nextPending(1)).map((d) => d.id)).toEqual([id]);
      if (i === 2) await store.markRejected(id, 'invalid', 'bad');
      else await store.markDone([id], NOW());
    }
    const auditBefore = await db.audit.count();
    // An entry of another terminal identity above the mark stays as it is.
    await db.outbox.update(ids[4]!, { terminalId: 'another-terminal' });

    const reason = 'Head office no longer held it';
    expect(await store.resendDoneAfter(terminalId, 1, reason)).toBe(2);

    // The floor was past them; they are found again, oldest first.
    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[1], ids[3]]);
    expect(await db.outbox.get(ids[1]!)).toMatchObject({
      state: 'pending',
      doneAt: null,
      lastError: reason,
    });
    expect((await db.outbox.bulkGet(ids)).map((e) => e?.state)).toEqual([
      'done',
      'pending',
      'rejected',
      'pending',
      'done',
    ]);
    const journal = await db.audit.orderBy('seq').offset(auditBefore).toArray();
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      type: RESENT_AFTER_RESTORE_AUDIT,
      actorId: 'sync',
      data: { terminalId, headOfficeLastSequence: 1, documents: 2 },
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    // Nothing above the mark: nothing written.
    expect(await store.resendDoneAfter(terminalId, 5, reason)).toBe(0);
    expect(await db.audit.count()).toBe(auditBefore + 1);
  });

  it('records transient failures against the entries and keeps them pending', async () => {
    const { db, store, sales } = await withSales(1);
    await store.recordAttempt([sales[0]!.id], 'Head office unreachable');
    await store.recordAttempt([sales[0]!.id], 'Head office did not answer within 10000 ms');
    expect(await db.outbox.get(sales[0]!.id)).toMatchObject({
      state: 'pending',
      attempts: 2,
      lastError: 'Head office did not answer within 10000 ms',
    });
  });

  it('keeps enrolment credentials across a reopen and numbers receipts with the enrolled identity', async () => {
    const { store, reopen } = await withSales(0);
    const creds = {
      token: 't0k',
      terminalId: 'term-9',
      storeId: 'store-9',
      storeCode: 'S009',
      terminalCode: 'T09',
    };
    await store.saveCredentials(creds);
    const again = await reopen();
    expect(await new DexieSyncStore(again).getCredentials()).toEqual(creds);
    expect((await again.meta.get('terminal'))?.value).toEqual({
      storeId: 'store-9',
      storeCode: 'S009',
      terminalId: 'term-9',
      terminalCode: 'T09',
    });
  });
});

describe('DexieSyncStore pull pages', () => {
  it('applies a page and its checkpoint together, tombstones included', async () => {
    const { db, store } = await withSales(0);
    await store.applyPage(
      'products',
      [
        { key: COLA.id, seq: 1, deleted: false, value: COLA },
        { key: APPLES.id, seq: 2, deleted: false, value: APPLES },
      ],
      2,
      null,
    );
    await store.applyPage('products', [{ key: COLA.id, seq: 3, deleted: true, value: null }], 3, 2);
    expect((await db.products.toArray()).map((p) => p.id)).toEqual([APPLES.id]);
    expect(await store.getCheckpoint('products')).toBe(3);
    expect(await store.getCheckpoint('stock')).toBeNull();
  });

  it('forgets a checkpoint only while it is the one given, and keeps the rows', async () => {
    const { db, store } = await withSales(0);
    await store.applyPage(
      'products',
      [{ key: COLA.id, seq: 3, deleted: false, value: COLA }],
      3,
      null,
    );
    await store.resetCheckpoint('products', 2);
    expect(await store.getCheckpoint('products')).toBe(3);
    await store.resetCheckpoint('products', 3);
    expect(await store.getCheckpoint('products')).toBeNull();
    expect((await db.products.toArray()).map((p) => p.id)).toEqual([COLA.id]);
    // The next pull starts from the beginning: a page after null applies.
    await store.applyPage(
      'products',
      [{ key: APPLES.id, seq: 1, deleted: false, value: APPLES }],
      1,
      null,
    );
    expect(await store.getCheckpoint('products')).toBe(1);
  });

  it('writes nothing, checkpoint included, when a record in the page cannot be read', async () => {
    const { db, store } = await withSales(0);
    const broken = { ...APPLES, priceMinor: -5 };
    await expect(
      store.applyPage(
        'products',
        [
          { key: COLA.id, seq: 1, deleted: false, value: COLA },
          { key: APPLES.id, seq: 2, deleted: false, value: broken },
        ],
        2,
        null,
      ),
    ).rejects.toThrow(/products record this till cannot read \(key p-apples\)/);
    expect(await db.products.count()).toBe(0);
    expect(await store.getCheckpoint('products')).toBeNull();
  });

  it('writes nothing, checkpoint included, when the stored checkpoint is not the one the page follows', async () => {
    const { db, store } = await withSales(0);
    await store.applyPage(
      'products',
      [{ key: COLA.id, seq: 1, deleted: false, value: COLA }],
      1,
      null,
    );
    // A page queued behind one that never committed (it follows checkpoint 2, stored is 1).
    await expect(
      store.applyPage(
        'products',
        [
          { key: COLA.id, seq: 3, deleted: true, value: null },
          { key: APPLES.id, seq: 4, deleted: false, value: APPLES },
        ],
        4,
        2,
      ),
    ).rejects.toBeInstanceOf(CheckpointMovedError);
    expect((await db.products.toArray()).map((p) => p.id)).toEqual([COLA.id]);
    expect(await store.getCheckpoint('products')).toBe(1);
    // Before the first pull the page must follow no checkpoint at all.
    await expect(store.applyPage('taxRates', [], 5, 3)).rejects.toBeInstanceOf(
      CheckpointMovedError,
    );
    expect(await store.getCheckpoint('taxRates')).toBeNull();
  });

  it('applies prices to products it has and loyalty balances to customers it has', async () => {
    const { db, store } = await withSales(0);
    await store.applyPage(
      'products',
      [{ key: COLA.id, seq: 1, deleted: false, value: COLA }],
      1,
      null,
    );
    await store.applyPage(
      'prices',
      [
        {
          key: COLA.id,
          seq: 1,
          deleted: false,
          value: { productId: COLA.id, priceMinor: 400, currency: 'CNY' },
        },
        {
          key: 'ghost',
          seq: 2,
          deleted: false,
          value: { productId: 'ghost', priceMinor: 1, currency: 'CNY' },
        },
      ],
      2,
      null,
    );
    expect((await db.products.get(COLA.id))?.priceMinor).toBe(400);
    expect(await db.products.get('ghost')).toBeUndefined();
    await store.applyPage(
      'customers',
      [
        {
          key: 'c1',
          seq: 1,
          deleted: false,
          value: { id: 'c1', name: '王芳', phone: null, memberNo: 'M1' },
        },
      ],
      1,
      null,
    );
    await store.applyPage(
      'loyalty',
      [{ key: 'c1', seq: 1, deleted: false, value: { customerId: 'c1', pointsBalance: 120 } }],
      1,
      null,
    );
    expect(await db.customers.get('c1')).toMatchObject({ name: '王芳' });
    expect(await memberBalance(db, 'c1')).toEqual({
      pointsBalance: 120,
      pulledAt: expect.any(String),
    });
  });
});

describe('DexieSyncStore users', () => {
  const MANAGER = { id: 'M01', name: '李强', role: 'manager', active: true };
  const CASHIER = { id: 'C01', name: '王芳', role: 'cashier', active: true };

  it('keeps head office users, their deactivation and their deletion', async () => {
    const { db, store } = await withSales(0);
    await store.applyPage(
      'users',
      [
        { key: 'C01', seq: 1, deleted: false, value: CASHIER },
        { key: 'M01', seq: 2, deleted: false, value: MANAGER },
      ],
      2,
      null,
    );
    await store.applyPage(
      'users',
      [
        { key: 'C01', seq: 3, deleted: false, value: { ...CASHIER, active: false } },
        { key: 'M01', seq: 4, deleted: true, value: null },
      ],
      4,
      2,
    );
    expect(await db.users.toArray()).toEqual([{ ...CASHIER, active: false, pulledAt: NOW() }]);
    expect(await store.getCheckpoint('users')).toBe(4);
  });

  it('refuses a user it cannot read, and writes nothing of the page', async () => {
    const { db, store } = await withSales(0);
    await expect(
      store.applyPage(
        'users',
        [
          { key: 'C01', seq: 1, deleted: false, value: CASHIER },
          { key: 'X01', seq: 2, deleted: false, value: { ...MANAGER, id: 'X01', role: 'owner' } },
        ],
        2,
        null,
      ),
    ).rejects.toThrow(/users record this till cannot read \(key X01\): role/);
    expect(await db.users.count()).toBe(0);
    expect(await store.getCheckpoint('users')).toBeNull();
  });
});

describe('availableStock', () => {
  it('is the last pulled quantity minus local sales head office has not acknowledged', async () => {
    const { db } = await freshDb();
    const store = new DexieSyncStore(db, db, NOW);
    const deps = testDeps('sale');
    await store.applyPage(
      'stock',
      [{ key: COLA.id, seq: 1, deleted: false, value: { productId: COLA.id, quantity: 10 } }],
      1,
      null,
    );
    expect(await availableStock(db, COLA.id)).toBe(10);

    const a = await completeSale(db, saleInput(sampleCart(2)), deps);
    await completeSale(db, saleInput(sampleCart(3)), deps);
    expect(await availableStock(db, COLA.id)).toBe(5);
    // Weighed items count grams; never pulled, so only the local sales show.
    expect(await availableStock(db, APPLES.id)).toBe(-510);

    // A re-pull of the same head-office figure still subtracts both unacknowledged sales.
    await store.applyPage(
      'stock',
      [{ key: COLA.id, seq: 2, deleted: false, value: { productId: COLA.id, quantity: 10 } }],
      2,
      1,
    );
    expect(await availableStock(db, COLA.id)).toBe(5);

    // Head office acknowledges the first sale and its figure now includes it.
    await store.markDone([a.sale.id], NOW());
    await store.applyPage(
      'stock',
      [{ key: COLA.id, seq: 3, deleted: false, value: { productId: COLA.id, quantity: 8 } }],
      3,
      2,
    );
    expect(await availableStock(db, COLA.id)).toBe(5);
    expect(await availableStock(db, 'never-seen')).toBeNull();
  });
});
