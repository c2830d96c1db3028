import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit';
import { completeSale } from '../db/complete-sale';
import { freshDb, saleInput, sampleCart, testDeps } from '../db/test-support';
import { DexieSyncStore } from './dexie-sync-store';
import { SENT_AGAIN_AUDIT, sendRejectedAgain } from './send-again';

const AT = '2026-11-24T09:30:00.000Z';

const sent = (moved: number, otherTerminal = 0) => ({ moved, otherTerminal });

/** `count` sales in the outbox; the ones at `refused` (0-based) parked by head office. */
async function outboxWith(count: number, refused: readonly number[]) {
  const { db } = await freshDb();
  const deps = testDeps('sale');
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await completeSale(db, saleInput(sampleCart(1)), deps)).sale.id);
  const store = new DexieSyncStore(db, db, () => AT);
  // Pushed one a round, as the engine does: its floor moves up to the last of them.
  for (const [i, id] of ids.entries()) {
    expect((await store.nextPending(1)).map((d) => d.id)).toEqual([id]);
    if (refused.includes(i))
      await store.markRejected(id, 'invalid', `body.currency is CNY, but store S001 trades in HKD`);
    else await store.markDone([id], AT);
  }
  return { db, store, ids };
}

describe('sending refused documents again', () => {
  it('puts them back in the queue, where the engine finds them although older than what it walked past', async () => {
    const { db, store, ids } = await outboxWith(4, [0, 2]);
    expect(await store.nextPending(10)).toEqual([]);

    expect(await sendRejectedAgain(db, { ids: [ids[2]!] }, 'M01', AT)).toEqual(sent(1));

    // Without the requeue counter the engine would start past sequence 4 and never see it.
    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[2]]);
    expect(await store.counts()).toEqual({ waiting: 1, rejected: 1 });
    expect(await db.outbox.get(ids[2]!)).toMatchObject({
      state: 'pending',
      rejectedReason: null,
      lastError: 'refused before: body.currency is CNY, but store S001 trades in HKD',
    });
    // Sent and accepted this time.
    await store.markDone([ids[2]!], AT);
    expect(await db.outbox.get(ids[2]!)).toMatchObject({ state: 'done' });
    expect(await store.counts()).toEqual({ waiting: 0, rejected: 1 });
  });

  it('sends every parked document again, oldest first, each in the audit journal', async () => {
    const { db, store, ids } = await outboxWith(5, [1, 3, 4]);
    const auditBefore = await db.audit.count();

    expect(await sendRejectedAgain(db, { all: true }, 'M01', AT)).toEqual(sent(3));

    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[1], ids[3], ids[4]]);
    const journal = await db.audit.orderBy('seq').offset(auditBefore).toArray();
    expect(journal.map((e) => [e.type, e.actorId, e.refId, e.at])).toEqual([
      [SENT_AGAIN_AUDIT, 'M01', ids[1], AT],
      [SENT_AGAIN_AUDIT, 'M01', ids[3], AT],
      [SENT_AGAIN_AUDIT, 'M01', ids[4], AT],
    ]);
    expect(journal[0]?.data).toMatchObject({
      documentType: 'sale',
      refusedFor: 'body.currency is CNY, but store S001 trades in HKD',
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('leaves documents that are not parked alone, and writes nothing when none is', async () => {
    const { db, store, ids } = await outboxWith(3, [1]);
    const auditBefore = await db.audit.count();

    // A done one, a parked one, and an id the outbox never had.
    expect(
      await sendRejectedAgain(db, { ids: [ids[0]!, ids[1]!, 'no-such-id'] }, 'M01', AT),
    ).toEqual(sent(1));
    expect((await db.outbox.get(ids[0]!))?.state).toBe('done');
    expect(await db.audit.count()).toBe(auditBefore + 1);

    // Nothing parked any more (another window got there first): no journal entry.
    expect(await sendRejectedAgain(db, { all: true }, 'M01', AT)).toEqual(sent(0));
    expect(await sendRejectedAgain(db, { ids: [ids[1]!] }, 'M01', AT)).toEqual(sent(0));
    expect(await db.audit.count()).toBe(auditBefore + 1);
    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[1]]);
  });

  it('leaves parked the documents made as another terminal than the one the till is enrolled as', async () => {
    const { db, store, ids } = await outboxWith(3, [0, 1, 2]);
    // The first was made before the till was enrolled as another terminal.
    await db.outbox.update(ids[0]!, { terminalId: 'made-before-enrolment' });
    const auditBefore = await db.audit.count();

    expect(await sendRejectedAgain(db, { all: true }, 'M01', AT)).toEqual(sent(2, 1));
    expect(await sendRejectedAgain(db, { ids: [ids[0]!] }, 'M01', AT)).toEqual(sent(0, 1));

    expect((await store.nextPending(10)).map((d) => d.id)).toEqual([ids[1], ids[2]]);
    expect((await db.outbox.get(ids[0]!))?.state).toBe('rejected');
    expect(await db.audit.count()).toBe(auditBefore + 2);
  });

  it('changes nothing when a step fails', async () => {
    const { db, ids } = await outboxWith(2, [0, 1]);
    const auditBefore = await db.audit.count();
    db.audit.hook('creating', (_key, entry: { seq: number }) => {
      if (entry.seq === auditBefore + 2) throw new Error('disk full');
    });

    await expect(sendRejectedAgain(db, { all: true }, 'M01', AT)).rejects.toThrow('disk full');

    expect((await db.outbox.bulkGet(ids)).map((e) => e?.state)).toEqual(['rejected', 'rejected']);
    expect(await db.audit.count()).toBe(auditBefore);
    expect(await db.meta.get('sync.outboxRequeued')).toBeUndefined();
  });
});
