import { describe, expect, it } from 'vitest';
import { demoProduct } from '../db/demo-catalogue';
import { seedDemo } from '../db/demo-seed';
import { freshDb } from '../db/test-support';
import { openTillStore } from './open-till';
import { describeError } from './messages';

describe('openTillStore', () => {
  it('opens a store configured from the seeded database and sells with UUIDv7 ids', async () => {
    const { db } = await freshDb();
    await seedDemo(db, 50);
    const store = await openTillStore(db, 'C01');
    const s = () => store.getState();
    const product = demoProduct(0);
    await s().scanBarcode(product.barcodes[0] ?? '');
    expect(s().cart.lines).toHaveLength(1);
    s().addTender({ kind: 'cash', amountMinor: product.priceMinor });
    const sale = await s().complete();
    expect(sale?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sale?.receiptNumber).toBe('S001-T01-000001');
    expect(Number.isNaN(Date.parse(sale?.createdAt ?? ''))).toBe(false);
  });

  it('refuses to open an unenrolled till with what to do', async () => {
    const { db } = await freshDb({ identity: null });
    await expect(openTillStore(db, 'C01')).rejects.toThrow(
      'This till is not enrolled yet — enrol it with a code from head office',
    );
  });
});

describe('describeError', () => {
  it('turns storage errors into sentences and keeps other messages', () => {
    const quota = Object.assign(new Error('x'), { name: 'QuotaExceededError' });
    expect(describeError(quota)).toBe("the till's storage is full — call support");
    const wrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota });
    expect(describeError(wrapped)).toBe("the till's storage is full — call support");
    expect(describeError(new Error('Printer out of paper.'))).toBe('Printer out of paper');
  });
});
