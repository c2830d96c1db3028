// A till that ran an earlier schema opens the current one with everything it
// held: sales not yet at head office, the outbox, the catalogue, checkpoints.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { findMember } from './members';
import { openTillDb } from './schema';
import { COLA } from './test-support';

/** Version 1 exactly as it shipped (schema.ts must never change it). */
const VERSION_1 = {
  products: 'id, sku, *barcodes, *searchKeys',
  taxRates: 'id',
  stock: 'productId',
  sales: 'id, &receiptNumber, sequence, createdAt',
  outbox: 'id, &[terminalId+sequence], state, sequence',
  printJobs: 'id, state, createdAt',
  audit: 'seq',
  meta: 'key',
  parkedSales: 'id, parkedAt',
  customers: 'id',
  syncState: 'collection',
};

/** Indexes later versions added to version 1 tables. */
const ADDED_INDEXES: Record<string, string[]> = { customers: ['memberNo', 'phoneKey'] };

const CURRENT_VERSION = 4;

describe('till schema upgrade', () => {
  it('opens a version 1 database at the current version with its rows and indexes intact', async () => {
    const options = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v1 = new Dexie('till-upgrade', options);
    v1.version(1).stores(VERSION_1);
    await v1.open();
    const pending = {
      id: 'doc-1',
      terminalId: 'T01',
      sequence: 1,
      type: 'sale',
      body: { total: 350 },
      state: 'pending',
      attempts: 0,
      lastError: null,
      rejectedReason: null,
      createdAt: '2026-11-23T10:00:00.000Z',
      doneAt: null,
    };
    await v1.table('outbox').add(pending);
    await v1.table('products').add(COLA);
    await v1.table('syncState').add({ collection: 'products', checkpoint: 42, pulledAt: null });
    v1.close();

    const db = await openTillDb('till-upgrade', options);
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.outbox.where('state').equals('pending').toArray()).toEqual([pending]);
    expect(await db.products.where('barcodes').equals(COLA.barcodes[0]!).count()).toBe(1);
    expect((await db.syncState.get('products'))?.checkpoint).toBe(42);
    // Every table and index of version 1 is still in the database itself, with only
    // the indexes later versions added.
    const idb = db.backendDB();
    for (const [table, spec] of Object.entries(VERSION_1)) {
      const store = idb.transaction(table, 'readonly').objectStore(table);
      const indexes = spec
        .split(',')
        .slice(1)
        .map((s) => s.trim().replace(/^[&*]/, ''));
      const added = ADDED_INDEXES[table] ?? [];
      expect([...store.indexNames], table).toEqual(expect.arrayContaining([...indexes, ...added]));
      expect(store.indexNames.length, table).toBe(indexes.length + added.length);
    }
    expect(await db.users.count()).toBe(0);
    await db.users.put({ id: 'C01', name: '王芳', role: 'cashier', active: true, pulledAt: 'x' });
    expect(await db.users.get('C01')).toMatchObject({ name: '王芳' });
    db.close();
  });

  it('moves version 2 loyalty balances to their own table and pulls loyalty again from the start', async () => {
    const options = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v2 = new Dexie('till-upgrade', options);
    v2.version(1).stores(VERSION_1);
    v2.version(2).stores({ users: 'id' });
    await v2.open();
    const li = { id: 'c1', name: '李娜', phone: null, pointsBalance: 120, pulledAt: 'then' };
    await v2.table('customers').add(li);
    await v2.table('syncState').bulkAdd([
      { collection: 'customers', checkpoint: 7, pulledAt: 'then' },
      // Versions 1–2 dropped a balance pulled before its customer, checkpoint and all.
      { collection: 'loyalty', checkpoint: 9, pulledAt: 'then' },
    ]);
    v2.close();

    const db = await openTillDb('till-upgrade', options);
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.customers.get('c1')).toEqual(li);
    expect(await db.loyaltyBalances.toArray()).toEqual([
      { customerId: 'c1', pointsBalance: 120, pulledAt: 'then' },
    ]);
    // Customers are pulled again from the start: rows pulled before kept no member number.
    expect(await db.syncState.get('customers')).toBeUndefined();
    expect(await db.syncState.get('loyalty')).toBeUndefined();
    db.close();
  });

  it('gives version 3 customers their phone key, so members are found by phone, and adds the loyalty ledger', async () => {
    const options = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v3 = new Dexie('till-upgrade', options);
    v3.version(1).stores(VERSION_1);
    v3.version(2).stores({ users: 'id' });
    v3.version(3).stores({ loyaltyBalances: 'customerId' });
    await v3.open();
    const zhang = {
      id: 'c1',
      name: '张伟',
      phone: '138-0013-8000',
      memberNo: 'M000001',
      pointsBalance: 1200,
      pulledAt: 'then',
    };
    const noPhone = { id: 'c2', name: '李娜', phone: null, pointsBalance: 0, pulledAt: 'then' };
    await v3.table('customers').bulkAdd([zhang, noPhone]);
    await v3
      .table('loyaltyBalances')
      .add({ customerId: 'c1', pointsBalance: 1200, pulledAt: 'then' });
    await v3.table('syncState').add({ collection: 'customers', checkpoint: 7, pulledAt: 'then' });
    v3.close();

    const db = await openTillDb('till-upgrade', options);
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(await db.customers.get('c1')).toEqual({ ...zhang, phoneKey: '13800138000' });
    expect(await db.customers.get('c2')).toEqual(noPhone);
    expect(await findMember(db, '138 0013 8000')).toMatchObject({
      kind: 'found',
      member: { customerId: 'c1', pointsBalance: 1200 },
    });
    expect(await findMember(db, 'M000001')).toMatchObject({ member: { customerId: 'c1' } });
    // Customers are pulled again from the start: rows pulled before kept no member number.
    expect(await db.syncState.get('customers')).toBeUndefined();
    expect(await db.loyaltyLedger.count()).toBe(0);
    db.close();
  });
});
