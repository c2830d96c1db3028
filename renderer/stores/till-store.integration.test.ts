import { describe, expect, it } from 'vitest';
import { buildScaleBarcode } from '../../domain';
import { DEMO_PRICING_SETTINGS } from '../db/demo-catalogue';
import { APPLES, COLA, freshDb, testDeps } from '../db/test-support';
import type { SaleFaultPoint } from '../db/complete-sale';
import { createTillStore, type TillStoreDeps } from './till-store';

const CHIPS = {
  ...COLA,
  id: 'p-chips',
  sku: 'CHIPS',
  barcodes: ['6920000000019'],
  name: '乐事薯片',
  nameEn: 'Lays Chips',
  priceMinor: 650,
  searchKeys: ['chips'],
};

async function till() {
  const { db, reopen } = await freshDb();
  await db.products.bulkPut([COLA, APPLES, CHIPS]);
  const deps: TillStoreDeps & { faultAt?: SaleFaultPoint } = {
    db,
    cashierId: 'C01',
    settings: DEMO_PRICING_SETTINGS,
    currency: 'CNY',
    ...testDeps(),
  };
  const store = createTillStore(deps);
  return { db, reopen, deps, store, s: () => store.getState() };
}

describe('till store', () => {
  it('rings up scans: a new line, then the same product again raises the count', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    await s().scanBarcode('6901234567892');
    expect(s().cart.lines).toHaveLength(1);
    expect(s().cart.lines[0]).toMatchObject({
      productId: COLA.id,
      quantity: 2,
      barcode: '6901234567892',
    });
    expect(s().totals.total).toBe(700);
    expect(s().selectedLineId).toBe(s().cart.lines[0]?.lineId);
    expect(s().message).toBeNull();
  });

  it('says which barcode is unknown and leaves the cart alone', async () => {
    const { db, s } = await till();
    await db.products.delete(COLA.id);
    await s().scanBarcode('6901234567892');
    expect(s().message).toEqual({ kind: 'error', text: 'Unknown barcode 6901234567892' });
    expect(s().cart.lines).toHaveLength(0);
  });

  it('tells a payment code apart from an unknown product', async () => {
    const { s } = await till();
    await s().scanBarcode('134567890123456789');
    expect(s().message?.text).toBe('That is a WeChat Pay payment code — take it on the pay screen');
  });

  it('rings up a scale label as grams of the weighed product', async () => {
    const { s } = await till();
    await s().scanBarcode(buildScaleBarcode('00042', 1500));
    expect(s().cart.lines[0]).toMatchObject({ productId: APPLES.id, unit: 'kg', quantity: 1500 });
    expect(s().totals.total).toBe(1935); // 1.5 kg × ¥12.90
  });

  it('keeps scans in the order they were made', async () => {
    const { s } = await till();
    await Promise.all([s().scanBarcode('6920000000019'), s().scanBarcode('6901234567892')]);
    expect(s().cart.lines.map((l) => l.productId)).toEqual([CHIPS.id, COLA.id]);
  });

  it('includes a scan still being looked up when the cashier completes', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 10_000 });
    void s().scanBarcode('6920000000019');
    const sale = await s().complete();
    expect(sale?.cart.lines.map((l) => l.productId)).toEqual([COLA.id, CHIPS.id]);
  });

  it('sets quantities from typed text and explains a malformed one', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    const lineId = s().cart.lines[0]?.lineId ?? '';
    s().setQuantityText(lineId, '3');
    expect(s().cart.lines[0]?.quantity).toBe(3);
    s().setQuantityText(lineId, '2.5');
    expect(s().message).toEqual({
      kind: 'error',
      text: 'Quantity must be a whole number of at least 1',
    });
    expect(s().cart.lines[0]?.quantity).toBe(3);
    s().addProduct(APPLES, '0.255');
    expect(s().cart.lines[1]).toMatchObject({ unit: 'kg', quantity: 255 });
    s().addProduct(APPLES);
    expect(s().message?.text).toMatch(/weight/i);
  });

  it('voids lines and applies line and order discounts through the domain', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    await s().scanBarcode('6920000000019');
    const [cola, chips] = s().cart.lines;
    s().voidLine(chips?.lineId ?? '');
    expect(s().totals.total).toBe(350);
    s().setLineDiscount(cola?.lineId ?? '', { kind: 'amount', minor: 50 });
    expect(s().totals.total).toBe(300);
    s().setOrderDiscount({ kind: 'percent', basisPoints: 1000 });
    expect(s().totals.total).toBe(270);
    s().setOrderDiscount({ kind: 'amount', minor: 100_000 });
    expect(s().message?.kind).toBe('error');
    expect(s().totals.total).toBe(270);
  });

  it('completes a paid sale: saved once, cart cleared, receipt preview and change shown', async () => {
    const { db, s } = await till();
    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 1000 });
    expect(s().tenderState).toMatchObject({ canComplete: true, changeMinor: 650 });
    const sale = await s().complete();
    expect(sale?.receiptNumber).toBe('S001-T01-000001');
    expect(await db.sales.count()).toBe(1);
    expect(s().lastSale?.id).toBe(sale?.id);
    expect(s().cart.lines).toHaveLength(0);
    expect(s().tenders).toEqual([]);
    expect(s().message).toEqual({
      kind: 'success',
      text: 'Sale S001-T01-000001 complete — change ¥6.50',
    });
  });

  it('refuses to complete an unpaid or empty sale with the reason', async () => {
    const { db, s } = await till();
    expect(await s().complete()).toBeNull();
    expect(s().message?.text).toBe('The sale has no items');
    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 100 });
    expect(await s().complete()).toBeNull();
    expect(s().message?.kind).toBe('error');
    expect(await db.sales.count()).toBe(0);
  });

  it('on a storage failure says nothing was recorded, keeps the cart, and the retry gets the next number', async () => {
    const { db, deps, s } = await till();
    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 500 });
    deps.faultAt = 'after-stock';
    expect(await s().complete()).toBeNull();
    expect(s().message?.text).toMatch(
      /^The sale was not saved: .*Nothing was recorded — try again\.$/,
    );
    expect(s().cart.lines).toHaveLength(1);
    expect(s().busy).toBe(false);
    expect(await db.sales.count()).toBe(0);
    expect(await db.stock.count()).toBe(0);
    deps.faultAt = undefined;
    expect((await s().complete())?.receiptNumber).toBe('S001-T01-000001');
  });

  it('parks a sale, serves another, resumes it, and completing removes it from the list', async () => {
    const { db, s } = await till();
    await s().scanBarcode('6901234567892');
    await s().park('back in 5 min');
    expect(s().cart.lines).toHaveLength(0);
    expect(s().parked).toHaveLength(1);

    await s().scanBarcode('6920000000019');
    await s().resume(s().parked[0]?.id ?? '');
    expect(s().message?.text).toBe('Finish or park the current sale before resuming another');
    s().addTender({ kind: 'cash', amountMinor: 650 });
    await s().complete();

    await s().resume(s().parked[0]?.id ?? '');
    expect(s().cart.lines[0]?.productId).toBe(COLA.id);
    s().addTender({ kind: 'cash', amountMinor: 350 });
    await s().complete();
    expect(s().parked).toEqual([]);
    expect(await db.parkedSales.count()).toBe(0);
    expect(await db.sales.count()).toBe(2);
  });

  it('re-parking a resumed sale keeps one parked entry', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    await s().park();
    await s().resume(s().parked[0]?.id ?? '');
    await s().scanBarcode('6901234567892');
    await s().park();
    expect(s().parked).toHaveLength(1);
    expect(s().parked[0]?.itemCount).toBe(2);
  });
});
