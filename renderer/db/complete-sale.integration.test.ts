import { IDBDatabase as FakeIDBDatabase } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { emptyCart } from '../../domain';
import { verifyAuditChain } from './audit';
import {
  completeSale,
  InjectedFault,
  TillNotEnrolledError,
  type SaleFaultPoint,
} from './complete-sale';
import { parkSale } from './parked';
import { DexieSyncStore } from '../sync/dexie-sync-store';
import { memberBalance } from './members';
import { getMeta, type TillDb } from './schema';
import { DEMO_PRICING_SETTINGS } from './demo-catalogue';
import { APPLES, COLA, freshDb, sampleCart, saleInput, testDeps } from './test-support';

async function snapshot(db: TillDb) {
  return {
    sales: await db.sales.toArray(),
    outbox: await db.outbox.toArray(),
    stock: await db.stock.toArray(),
    printJobs: await db.printJobs.toArray(),
    audit: await db.audit.toArray(),
    meta: await db.meta.toArray(),
    parked: await db.parkedSales.toArray(),
    loyaltyLedger: await db.loyaltyLedger.toArray(),
  };
}

const ZHANG = { customerId: 'c-zhang', name: '张伟' };

describe('completeSale', () => {
  it('writes the sale, outbox entry, stock decrements, print job, audit entry and sequence together', async () => {
    const { db } = await freshDb();
    await db.stock.put({ productId: COLA.id, quantity: 24, pulledAt: '2026-11-23T08:00:00.000Z' });
    const deps = testDeps();

    const { sale } = await completeSale(db, saleInput(sampleCart(2)), deps);

    expect(sale.receiptNumber).toBe('S001-T01-000001');
    expect(sale.id).toBe(deps.ids[0]);
    const stored = await db.sales.get(sale.id);
    expect(stored?.totals.total).toBe(sale.totals.total);
    expect(stored?.cart.lines).toHaveLength(2);

    const outbox = await db.outbox.get(sale.id);
    expect(outbox).toMatchObject({
      terminalId: 'T01',
      sequence: 1,
      type: 'sale',
      state: 'pending',
      attempts: 0,
    });
    expect((outbox?.body as { receiptNumber: string }).receiptNumber).toBe('S001-T01-000001');

    // 'each' decrements a count; 'kg' decrements grams. Apples had no stock row yet.
    expect(await db.stock.get(COLA.id)).toMatchObject({ quantity: 22 });
    expect(await db.stock.get(APPLES.id)).toEqual({
      productId: APPLES.id,
      quantity: -255,
      pulledAt: null,
    });

    const jobs = await db.printJobs.toArray();
    expect(jobs).toEqual([
      expect.objectContaining({
        saleId: sale.id,
        receiptNumber: 'S001-T01-000001',
        state: 'queued',
        copy: false,
        createdAt: sale.createdAt,
      }),
    ]);

    const audit = await db.audit.toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ seq: 1, type: 'sale.completed', refId: sale.id });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
    expect(await getMeta(db, 'receiptSequence')).toBe(1);
    expect(await getMeta(db, 'outboxSequence')).toBe(1);
  });

  it('commits on a strict-durability IndexedDB transaction', async () => {
    // Dexie binds IDBDatabase.transaction when it opens, so spy before opening.
    const spy = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');
    try {
      const { db } = await freshDb();
      spy.mockClear(); // only the sale's own transaction counts, not freshDb's identity write
      await completeSale(db, saleInput(sampleCart()), testDeps());
      const writes = spy.mock.calls.filter(([, mode]) => mode === 'readwrite');
      expect(writes.map(([, , options]) => options?.durability)).toEqual(['strict']);
    } finally {
      spy.mockRestore();
    }
  });

  const faults: SaleFaultPoint[] = ['after-sale', 'after-outbox', 'after-stock', 'after-audit'];
  for (const faultAt of faults) {
    it(`leaves nothing behind and consumes no receipt number when it fails ${faultAt}`, async () => {
      const { db } = await freshDb();
      const deps = testDeps();
      await completeSale(db, saleInput(sampleCart(1)), deps);
      await db.stock.put({ productId: COLA.id, quantity: 10, pulledAt: null });
      const parked = await parkSale(
        db,
        { cart: sampleCart(3), cashierId: 'C01', settings: DEMO_PRICING_SETTINGS },
        deps,
      );
      const before = await snapshot(db);

      const failing = completeSale(
        db,
        { ...saleInput(sampleCart(3)), parkedSaleId: parked.id, member: ZHANG },
        { ...deps, faultAt },
      );
      await expect(failing).rejects.toBeInstanceOf(InjectedFault);

      expect(await snapshot(db)).toEqual(before);

      const { sale } = await completeSale(db, saleInput(sampleCart(1)), deps);
      expect(sale.receiptNumber).toBe('S001-T01-000002');
      expect((await db.outbox.get(sale.id))?.sequence).toBe(2);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
    });
  }

  it('rejects an empty cart or short payment without consuming a number', async () => {
    const { db } = await freshDb();
    const deps = testDeps();
    await expect(completeSale(db, saleInput(emptyCart('CNY')), deps)).rejects.toThrow(/no items/i);
    await expect(completeSale(db, saleInput(sampleCart(2), 100), deps)).rejects.toThrow();
    expect(await db.sales.count()).toBe(0);
    const { sale } = await completeSale(db, saleInput(sampleCart(2)), deps);
    expect(sale.sequence).toBe(1);
  });

  it('refuses to sell without a terminal identity and numbers with the identity stored at sale time', async () => {
    const { db } = await freshDb({ identity: null });
    const deps = testDeps('sale');
    await expect(completeSale(db, saleInput(sampleCart()), deps)).rejects.toThrow(
      TillNotEnrolledError,
    );
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await getMeta(db, 'receiptSequence')).toBeUndefined();
    // Enrolment (another connection in the app) writes the identity head office assigned.
    const enrolled = {
      storeId: 'ho-store-7',
      storeCode: 'S007',
      terminalId: 'ho-term-3',
      terminalCode: 'T03',
    };
    await db.meta.put({ key: 'terminal', value: enrolled });
    const { sale, outbox } = await completeSale(db, saleInput(sampleCart()), deps);
    expect(sale).toMatchObject({
      receiptNumber: 'S007-T03-000001',
      storeId: 'ho-store-7',
      terminalId: 'ho-term-3',
    });
    expect(outbox.terminalId).toBe('ho-term-3');
    await db.meta.put({ key: 'terminal', value: { storeId: 'x' } });
    await expect(completeSale(db, saleInput(sampleCart()), deps)).rejects.toThrow(
      "The till's identity record is damaged",
    );
  });

  it('numbers receipts without gaps over many sales, including failed attempts', async () => {
    const { db } = await freshDb();
    const deps = testDeps();
    for (let i = 0; i < 40; i += 1) {
      if (i % 7 === 3) {
        await expect(
          completeSale(db, saleInput(sampleCart(1)), { ...deps, faultAt: 'after-stock' }),
        ).rejects.toThrow();
      }
      await completeSale(db, saleInput(sampleCart(1 + (i % 3))), deps);
    }
    const sales = await db.sales.orderBy('sequence').toArray();
    expect(sales.map((s) => s.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(sales[39]?.receiptNumber).toBe('S001-T01-000040');
    const outbox = await db.outbox.orderBy('sequence').toArray();
    expect(outbox.map((o) => o.sequence)).toEqual(sales.map((s) => s.sequence));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 40 });
    // 1 + 2 + 3 colas repeating, minus one for each sale: stock is the exact sum.
    const colasSold = Array.from({ length: 40 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b);
    expect((await db.stock.get(COLA.id))?.quantity).toBe(-colasSold);
  });

  it('removes the parked sale it was resumed from, in the same transaction', async () => {
    const { db } = await freshDb();
    const deps = testDeps();
    const parked = await parkSale(
      db,
      { cart: sampleCart(2), cashierId: 'C01', settings: DEMO_PRICING_SETTINGS },
      deps,
    );
    await completeSale(db, { ...saleInput(parked.cart), parkedSaleId: parked.id }, deps);
    expect(await db.parkedSales.count()).toBe(0);
  });

  it('does not decrement stock for voided lines', async () => {
    const { db } = await freshDb();
    const cart = sampleCart(2);
    const voided = {
      ...cart,
      lines: cart.lines.map((l) => (l.lineId === 'l2' ? { ...l, voided: true } : l)),
    };
    await completeSale(db, saleInput(voided), testDeps());
    expect(await db.stock.get(APPLES.id)).toBeUndefined();
    expect((await db.stock.get(COLA.id))?.quantity).toBe(-2);
  });

  it("writes a member's customerId into the sale and its points into the loyalty ledger, in the sale transaction", async () => {
    const { db } = await freshDb();
    await db.loyaltyBalances.put({
      customerId: ZHANG.customerId,
      pointsBalance: 1200,
      pulledAt: '2026-11-23T08:00:00.000Z',
    });
    const deps = testDeps();

    const done = await completeSale(db, { ...saleInput(sampleCart(2)), member: ZHANG }, deps);

    // 2 × ¥3.50 + 0.255 kg × ¥12.90 (¥3.29) = ¥10.29 → 10 points.
    expect(done.sale.totals.total).toBe(1029);
    expect(done.sale.customerId).toBe(ZHANG.customerId);
    expect((await db.sales.get(done.sale.id))?.customerId).toBe(ZHANG.customerId);
    expect(((await db.outbox.get(done.sale.id))?.body as { customerId?: string }).customerId).toBe(
      ZHANG.customerId,
    );
    expect(done.loyalty).toEqual({
      memberName: '张伟',
      pointsEarned: 10,
      pointsRedeemed: 0,
      pointsBalance: 1210,
    });
    expect(await db.loyaltyLedger.toArray()).toEqual([
      {
        id: `${done.sale.id}:earn`,
        kind: 'earn',
        saleId: done.sale.id,
        receiptNumber: 'S001-T01-000001',
        customerId: ZHANG.customerId,
        memberName: '张伟',
        points: 10,
        balanceBefore: 1200,
        pulledAt: '2026-11-23T08:00:00.000Z',
        balanceAfter: 1210,
        createdAt: done.sale.createdAt,
      },
    ]);
  });

  it("counts the member's sales head office has not acknowledged, and not twice once it has", async () => {
    const { db } = await freshDb();
    const sync = new DexieSyncStore(db, db, () => '2026-11-23T09:00:00.000Z');
    let seq = 0;
    /** Head office's balance for Zhang arrives in a loyalty pull. */
    const pullBalance = async (pointsBalance: number): Promise<void> => {
      const after = seq === 0 ? null : seq;
      seq += 1;
      await sync.applyPage(
        'loyalty',
        [
          {
            key: ZHANG.customerId,
            seq,
            deleted: false,
            value: { customerId: ZHANG.customerId, pointsBalance },
          },
        ],
        seq,
        after,
      );
    };
    await pullBalance(1200);
    const deps = testDeps();
    // Offline: two member sales, 10 points each; the second receipt shows both.
    const first = await completeSale(db, { ...saleInput(sampleCart(2)), member: ZHANG }, deps);
    const second = await completeSale(db, { ...saleInput(sampleCart(2)), member: ZHANG }, deps);
    expect(first.loyalty?.pointsBalance).toBe(1210);
    expect(second.loyalty?.pointsBalance).toBe(1220);
    expect((await memberBalance(db, ZHANG.customerId)).pointsBalance).toBe(1220);
    // A pull before head office has them: its 1,200 plus the two sales still waiting.
    await pullBalance(1200);
    expect((await memberBalance(db, ZHANG.customerId)).pointsBalance).toBe(1220);
    // Head office has both now (done) and its balance says so: counted once.
    await db.outbox.update(first.sale.id, { state: 'done' });
    await db.outbox.update(second.sale.id, { state: 'done' });
    await pullBalance(1220);
    expect(await memberBalance(db, ZHANG.customerId)).toEqual({
      pointsBalance: 1220,
      pulledAt: '2026-11-23T09:00:00.000Z',
    });
    // A sale head office refused earns nothing there: its next balance leaves it out.
    const refused = await completeSale(db, { ...saleInput(sampleCart(2)), member: ZHANG }, deps);
    expect((await memberBalance(db, ZHANG.customerId)).pointsBalance).toBe(1230);
    await db.outbox.update(refused.sale.id, { state: 'rejected' });
    await pullBalance(1220);
    expect((await memberBalance(db, ZHANG.customerId)).pointsBalance).toBe(1220);
  });

  it('starts a member without a pulled balance from 0, and leaves a sale without a member as it was', async () => {
    const { db } = await freshDb();
    const deps = testDeps();
    const member = await completeSale(db, { ...saleInput(sampleCart(2)), member: ZHANG }, deps);
    expect(member.loyalty).toMatchObject({ pointsEarned: 10, pointsBalance: 10 });

    const plain = await completeSale(db, saleInput(sampleCart(2)), deps);
    expect(plain.loyalty).toBeNull();
    expect('customerId' in plain.sale).toBe(false);
    expect('customerId' in ((await db.outbox.get(plain.sale.id))?.body as object)).toBe(false);
    expect(await db.loyaltyLedger.where('saleId').equals(plain.sale.id).count()).toBe(0);
  });
});
