import { IDBDatabase as FakeIDBDatabase } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { buildScaleBarcode } from '../../domain';
import { lookupBarcode, searchProducts, searchTokens, seedCatalogue } from './catalogue';
import { demoProduct, demoProducts, demoStock } from './demo-catalogue';
import { seedDemo } from './demo-seed';
import { getMeta } from './schema';
import { APPLES, COLA, freshDb } from './test-support';

describe('lookupBarcode', () => {
  it('finds a product by any of its barcodes through the index', async () => {
    const { db } = await freshDb();
    await db.products.bulkPut([{ ...COLA, barcodes: ['6901234567892', '06901234567892'] }, APPLES]);
    expect(await lookupBarcode(db, '6901234567892')).toMatchObject({
      kind: 'product',
      product: { id: COLA.id },
    });
    expect(await lookupBarcode(db, ' 06901234567892 ')).toMatchObject({
      kind: 'product',
      barcode: '06901234567892',
    });
    expect(await lookupBarcode(db, '6900000000000')).toBeNull();
    expect(await lookupBarcode(db, '')).toBeNull();
  });

  it('reads a scale label as the weighed product with its PLU and the weight in grams', async () => {
    const { db } = await freshDb();
    await db.products.bulkPut([COLA, APPLES]);
    const label = buildScaleBarcode('00042', 1255);
    expect(await lookupBarcode(db, label)).toEqual({
      kind: 'weighed',
      product: APPLES,
      barcode: label,
      grams: 1255,
    });
    expect(await lookupBarcode(db, buildScaleBarcode('00043', 500))).toBeNull();
  });

  it('prefers an exact barcode over reading it as a scale label', async () => {
    const { db } = await freshDb();
    const label = buildScaleBarcode('00042', 1000);
    await db.products.bulkPut([APPLES, { ...COLA, barcodes: [label] }]);
    expect(await lookupBarcode(db, label)).toMatchObject({
      kind: 'product',
      product: { id: COLA.id },
    });
  });
});

describe('searchProducts', () => {
  it('splits a query into lower-case tokens', () => {
    expect(searchTokens('  Coca  COLA,330ml ')).toEqual(['coca', 'cola', '330ml']);
  });

  it('finds by English word, pinyin initials, Chinese name and SKU prefix', async () => {
    const { db } = await freshDb();
    await db.products.bulkPut([COLA, APPLES, ...demoProducts(300)]);
    // Demo products share these keys and their 'P…' ids sort first, so ask for more.
    expect((await searchProducts(db, 'coca', 50)).some((p) => p.id === COLA.id)).toBe(true);
    expect((await searchProducts(db, 'KKKL', 50)).some((p) => p.id === COLA.id)).toBe(true);
    expect((await searchProducts(db, '苹果', 50)).some((p) => p.id === APPLES.id)).toBe(true);
    expect((await searchProducts(db, 'pingg', 50)).some((p) => p.id === APPLES.id)).toBe(true);
    expect((await searchProducts(db, 'COLA3'))[0]?.id).toBe(COLA.id);
    expect(await searchProducts(db, 'zzzzqqq')).toEqual([]);
    expect(await searchProducts(db, '   ')).toEqual([]);
  });

  it('requires every token to match and returns each product once', async () => {
    const { db } = await freshDb();
    await db.products.bulkPut([
      COLA,
      { ...COLA, id: 'p-cola-500', sku: 'COLA500', searchKeys: ['coca', 'cola', '500ml'] },
    ]);
    const both = await searchProducts(db, 'cola');
    expect(both.map((p) => p.id).sort()).toEqual(['p-cola', 'p-cola-500']);
    expect((await searchProducts(db, 'cola 500')).map((p) => p.id)).toEqual(['p-cola-500']);
  });

  it('stops at the limit and never reads the whole catalogue', async () => {
    const { db } = await freshDb();
    await db.products.bulkPut(demoProducts(2000));
    const getAll = vi.spyOn(db.products, 'toArray');
    const found = await searchProducts(db, 'd00', 8);
    expect(found).toHaveLength(8);
    expect(getAll).not.toHaveBeenCalled();
    expect(found.every((p) => p.sku.startsWith('D00'))).toBe(true);
  });
});

describe('seedCatalogue', () => {
  it('writes in chunks on a relaxed connection and reports progress', async () => {
    const spy = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');
    try {
      const { db } = await freshDb();
      spy.mockClear(); // only the seed's transactions count, not freshDb's identity write
      const progress: number[] = [];
      const written = await seedCatalogue(db, demoProducts(2500), (p) => progress.push(p.done), {
        chunkSize: 1000,
      });
      expect(written).toBe(2500);
      expect(progress).toEqual([1000, 2000, 2500]);
      expect(await db.products.count()).toBe(2500);
      const durabilities = spy.mock.calls
        .filter(([, m]) => m === 'readwrite')
        .map(([, , o]) => o?.durability);
      expect(durabilities).toEqual(['relaxed', 'relaxed', 'relaxed']);
      expect(await db.products.get(demoProduct(1234).id)).toEqual(demoProduct(1234));
    } finally {
      spy.mockRestore();
    }
  });

  it('seeds the demo: identity, tax rates, settings and products', async () => {
    const { db } = await freshDb();
    await seedDemo(db, 100);
    expect(await db.products.count()).toBe(100);
    expect((await db.taxRates.toArray()).map((t) => t.id).sort()).toEqual(['VAT13', 'VAT9']);
    expect(await getMeta(db, 'terminal')).toMatchObject({ storeCode: 'S001', terminalCode: 'T01' });
    expect((await getMeta(db, 'pricingSettings'))?.taxMode).toBe('inclusive');
  });

  it('gives each demo product its demo stock row, unless told not to (the bench)', async () => {
    const { db } = await freshDb();
    await seedDemo(db, 100);
    expect(await db.stock.count()).toBe(100);
    // Position 47 is weighed (47 % 40 === 7): its stock is in grams.
    for (const i of [0, 47, 99]) {
      expect(await db.stock.get(demoProduct(i).id)).toEqual({
        productId: demoProduct(i).id,
        quantity: demoStock(i),
        pulledAt: null,
      });
    }
    const bench = (await freshDb()).db;
    await seedDemo(bench, 100, undefined, { stock: false });
    expect(await bench.products.count()).toBe(100);
    expect(await bench.stock.count()).toBe(0);
  });
});
