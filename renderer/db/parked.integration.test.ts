import { describe, expect, it } from 'vitest';
import { emptyCart } from '../../domain';
import { DEMO_PRICING_SETTINGS } from './demo-catalogue';
import { discardParked, listParked, parkSale, resumeParked } from './parked';
import { freshDb, sampleCart, testDeps } from './test-support';

const settings = DEMO_PRICING_SETTINGS;

describe('parked sales', () => {
  it('survive closing and reopening the database', async () => {
    const { db, reopen } = await freshDb();
    const deps = testDeps('park');
    const parked = await parkSale(
      db,
      { cart: sampleCart(2), cashierId: 'C01', settings, note: '忘带钱包' },
      deps,
    );
    db.close();

    const again = await reopen();
    const list = await listParked(again);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: parked.id, note: '忘带钱包', itemCount: parked.itemCount });
    const resumed = await resumeParked(again, parked.id);
    expect(resumed.cart).toEqual(sampleCart(2));
  });

  it('lists oldest first, with item count and total for the list', async () => {
    const { db } = await freshDb();
    const deps = testDeps('park');
    const a = await parkSale(db, { cart: sampleCart(1), cashierId: 'C01', settings }, deps);
    const b = await parkSale(db, { cart: sampleCart(3), cashierId: 'C01', settings }, deps);
    const list = await listParked(db);
    expect(list.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(b.totalMinor).toBeGreaterThan(a.totalMinor);
    expect(b.currency).toBe('CNY');
  });

  it('re-parking a resumed cart replaces the entry instead of duplicating it', async () => {
    const { db } = await freshDb();
    const deps = testDeps('park');
    const first = await parkSale(db, { cart: sampleCart(1), cashierId: 'C01', settings }, deps);
    await parkSale(db, { cart: sampleCart(4), cashierId: 'C01', settings, id: first.id }, deps);
    const list = await listParked(db);
    expect(list).toHaveLength(1);
    expect(list[0]?.cart).toEqual(sampleCart(4));
  });

  it('refuses to park an empty cart and reports a parked sale that is gone', async () => {
    const { db } = await freshDb();
    const deps = testDeps('park');
    await expect(
      parkSale(db, { cart: emptyCart('CNY'), cashierId: 'C01', settings }, deps),
    ).rejects.toThrow('There is nothing to park: the cart is empty');
    const p = await parkSale(db, { cart: sampleCart(1), cashierId: 'C01', settings }, deps);
    await discardParked(db, p.id);
    await expect(resumeParked(db, p.id)).rejects.toThrow('That parked sale is no longer there');
  });

  it('keep the loyalty member attached to the sale over a reopen', async () => {
    const { db, reopen } = await freshDb();
    const member = {
      customerId: 'c-zhang',
      name: '张伟',
      memberNo: 'M000001',
      phone: '138-0013-8000',
      pointsBalance: 1200,
      balancePulledAt: null,
    };
    const parked = await parkSale(
      db,
      { cart: sampleCart(2), cashierId: 'C01', settings, member },
      testDeps('park'),
    );
    const plain = await parkSale(
      db,
      { cart: sampleCart(1), cashierId: 'C01', settings },
      testDeps('plain'),
    );
    db.close();
    const again = await reopen();
    expect((await resumeParked(again, parked.id)).member).toEqual(member);
    expect((await resumeParked(again, plain.id)).member).toBeNull();
  });
});
