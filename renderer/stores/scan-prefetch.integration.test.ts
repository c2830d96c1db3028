// The look-ahead lookup (prefetchBarcode): a scan whose code was looked up while it was
// typed rings up at once, in the same task; it never jumps a scan queued before it and
// never uses an answer older than PREFETCH_FRESH_MS.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lookupBarcode } from '../db/catalogue';
import { DEMO_PRICING_SETTINGS } from '../db/demo-catalogue';
import { COLA, freshDb, testDeps } from '../db/test-support';
import { createTillStore, PREFETCH_FRESH_MS } from './till-store';

const CHIPS = { ...COLA, id: 'p-chips', sku: 'CHIPS', barcodes: ['6920000000019'], name: '薯片' };

async function till() {
  const { db } = await freshDb();
  await db.products.bulkPut([COLA, CHIPS]);
  const store = createTillStore({
    db,
    cashierId: 'C01',
    settings: DEMO_PRICING_SETTINGS,
    currency: 'CNY',
    ...testDeps(),
  });
  /** Prefetch a code and wait until its answer is in (the database answers in order). */
  const prefetch = async (code: string): Promise<void> => {
    store.getState().prefetchBarcode(code);
    await lookupBarcode(db, code);
  };
  return { db, prefetch, s: () => store.getState() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scan look-ahead', () => {
  it('rings up a prefetched code in the same task as the scan', async () => {
    const { prefetch, s } = await till();
    await prefetch(COLA.barcodes[0] as string);
    const scan = s().scanBarcode(COLA.barcodes[0] as string);
    expect(s().cart.lines.map((l) => l.productId)).toEqual([COLA.id]);
    expect(s().selectedLineId).toBe(s().cart.lines[0]?.lineId);
    await scan;
    // Used once: the same code again is a normal lookup and raises the count.
    await s().scanBarcode(COLA.barcodes[0] as string);
    expect(s().cart.lines[0]?.quantity).toBe(2);
  });

  it('looks up ahead the EAN-13 that twelve typed digits become, and the twelve themselves', async () => {
    const { db, s } = await till();
    const tea = { ...COLA, id: 'p-tea', sku: 'TEA', barcodes: ['6930000001230'], name: '绿茶' };
    const upcA = { ...COLA, id: 'p-upc', sku: 'UPC', barcodes: ['036000291452'], name: 'UPC-A' };
    await db.products.bulkPut([tea, upcA]);
    // The scanner has sent 12 digits of the tea's EAN-13; its check digit is still to come.
    s().prefetchBarcode('693000000123');
    await lookupBarcode(db, '6930000001230');
    const scan = s().scanBarcode('6930000001230');
    expect(s().cart.lines.map((l) => l.productId)).toEqual([tea.id]);
    await scan;
    // Twelve digits may also be a whole UPC-A: its own look-ahead is kept beside the EAN-13's.
    s().prefetchBarcode('036000291452');
    await lookupBarcode(db, '0360002914521');
    void s().scanBarcode('036000291452');
    expect(s().cart.lines.map((l) => l.productId)).toEqual([tea.id, upcA.id]);
  });

  it('looks a code up ahead again when its earlier look-ahead has gone stale', async () => {
    const { db, prefetch, s } = await till();
    const chips = CHIPS.barcodes[0] as string;
    const start = performance.now();
    await prefetch(chips); // typed, then not scanned
    await db.products.update(CHIPS.id, { priceMinor: 999 });
    const later = vi.spyOn(performance, 'now').mockReturnValue(start + PREFETCH_FRESH_MS + 1);
    await prefetch(chips); // typed again, later
    void s().scanBarcode(chips);
    // Rung up in the scan's own task, at the price the fresh look-ahead read.
    expect(s().cart.lines.map((l) => l.unitPriceMinor)).toEqual([999]);
    later.mockRestore();
  });

  it('reports an unknown prefetched code the same way', async () => {
    const { prefetch, s } = await till();
    await prefetch('6900000000000');
    void s().scanBarcode('6900000000000');
    expect(s().message).toEqual({ kind: 'error', text: 'Unknown barcode 6900000000000' });
  });

  it('does not jump a scan still being looked up', async () => {
    const { prefetch, s } = await till();
    await prefetch(CHIPS.barcodes[0] as string);
    const first = s().scanBarcode(COLA.barcodes[0] as string);
    const second = s().scanBarcode(CHIPS.barcodes[0] as string);
    expect(s().cart.lines).toHaveLength(0);
    await Promise.all([first, second]);
    expect(s().cart.lines.map((l) => l.productId)).toEqual([COLA.id, CHIPS.id]);
  });

  it('ignores a prefetch of another code, and one older than PREFETCH_FRESH_MS', async () => {
    const { db, prefetch, s } = await till();
    await prefetch(CHIPS.barcodes[0] as string);
    await s().scanBarcode(COLA.barcodes[0] as string);
    expect(s().cart.lines.map((l) => l.productId)).toEqual([COLA.id]);

    const start = performance.now();
    await prefetch(CHIPS.barcodes[0] as string);
    await db.products.update(CHIPS.id, { priceMinor: 999 });
    vi.spyOn(performance, 'now').mockReturnValue(start + PREFETCH_FRESH_MS + 1);
    await s().scanBarcode(CHIPS.barcodes[0] as string);
    expect(s().cart.lines.find((l) => l.productId === CHIPS.id)?.unitPriceMinor).toBe(999);
  });
});
