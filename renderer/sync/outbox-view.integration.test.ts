import { describe, expect, it } from 'vitest';
import { completeSale } from '../db/complete-sale';
import { freshDb, saleInput, sampleCart, testDeps } from '../db/test-support';
import { DexieSyncStore } from './dexie-sync-store';
import { loadOutboxView } from './outbox-view';

describe('loadOutboxView (the sync screen lists)', () => {
  it('lists waiting documents with their last problem and rejected ones with the reason, by receipt number', async () => {
    const { db } = await freshDb();
    const deps = testDeps('sale');
    const sales = [];
    for (let i = 0; i < 4; i++)
      sales.push((await completeSale(db, saleInput(sampleCart(1)), deps)).sale);
    const store = new DexieSyncStore(db);
    await store.markDone([sales[0]!.id], '2026-11-23T12:00:00.000Z');
    await store.markRejected(
      sales[1]!.id,
      'totals_mismatch',
      'Totals do not add up: total is 100 but the lines say 99',
    );
    await store.recordAttempt(
      [sales[2]!.id, sales[3]!.id],
      'Head office unreachable (fetch failed)',
    );

    const view = await loadOutboxView(db);
    expect(view.waitingTotal).toBe(2);
    expect(view.rejectedTotal).toBe(1);
    expect(view.waiting.map((r) => [r.label, r.attempts, r.lastError])).toEqual([
      [sales[2]!.receiptNumber, 1, 'Head office unreachable (fetch failed)'],
      [sales[3]!.receiptNumber, 1, 'Head office unreachable (fetch failed)'],
    ]);
    expect(view.rejected).toEqual([
      expect.objectContaining({
        label: sales[1]!.receiptNumber,
        type: 'sale',
        rejectedReason: 'Totals do not add up: total is 100 but the lines say 99',
      }),
    ]);
  });

  it('caps each list but still counts everything', async () => {
    const { db } = await freshDb();
    const deps = testDeps('sale');
    for (let i = 0; i < 5; i++) await completeSale(db, saleInput(sampleCart(1)), deps);
    const view = await loadOutboxView(db, 3);
    expect(view.waiting).toHaveLength(3);
    expect(view.waitingTotal).toBe(5);
  });
});
