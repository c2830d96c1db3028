import { describe, expect, it } from 'vitest';
import { appendAudit, auditHash, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from './audit';
import { canonicalJson } from '../../sync/protocol/canonical';
import { completeSale } from './complete-sale';
import { freshDb, sampleCart, saleInput, testDeps } from './test-support';

async function journalOfFive() {
  const { db } = await freshDb();
  const deps = testDeps();
  for (let i = 0; i < 3; i += 1) await completeSale(db, saleInput(sampleCart(1)), deps);
  await appendAudit(
    db,
    { type: 'drawer.no_sale', actorId: 'M01', refId: null, data: { reason: 'change for a note' } },
    deps.now(),
  );
  await completeSale(db, saleInput(sampleCart(2)), deps);
  return db;
}

describe('audit hash chain', () => {
  it('links each entry to the previous hash, starting from the genesis hash', () => {
    const first = chainAuditEntry(
      null,
      { type: 't', actorId: 'a', refId: null, data: {} },
      '2026-11-23T10:00:00.000Z',
    );
    const second = chainAuditEntry(
      first,
      { type: 't', actorId: 'a', refId: 'x', data: { n: 1 } },
      '2026-11-23T10:00:01.000Z',
    );
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.hash).not.toBe(first.hash);
  });

  it('hashes the same entry the same way whatever the key order', () => {
    const a = {
      seq: 1,
      at: 'x',
      type: 't',
      actorId: 'a',
      refId: null,
      data: { b: 1, a: [2, { d: 1, c: 2 }] },
      prevHash: GENESIS_HASH,
    };
    const b = {
      prevHash: GENESIS_HASH,
      data: { a: [2, { c: 2, d: 1 }], b: 1 },
      refId: null,
      actorId: 'a',
      type: 't',
      at: 'x',
      seq: 1,
    };
    expect(canonicalJson(a.data)).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    expect(auditHash(a)).toBe(auditHash(b));
  });

  it('hashes prevHash + canonical JSON with SHA-256 (known answer head office must reproduce)', () => {
    // Expected value from `printf '%s' "$prevHash$canonicalJson" | sha256sum`.
    const entry = {
      seq: 1,
      at: '2026-11-23T10:00:00.000Z',
      type: 'sale.completed',
      actorId: 'C01',
      refId: 's1',
      data: { totalMinor: 700 },
      prevHash: GENESIS_HASH,
    };
    expect(auditHash(entry)).toBe(
      '6bcc12754579736a017ea3e04fd425e5c18a4776162e9dba264946117f5a1cac',
    );
  });

  it('verifies an untouched journal written by sales and other events', async () => {
    const db = await journalOfFive();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 5, head: { seq: 5 } });
  });

  it('detects an edited entry', async () => {
    const db = await journalOfFive();
    await db.audit.update(2, { data: { receiptNumber: 'S001-T01-000002', totalMinor: 1 } });
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      seq: 2,
      reason: 'Audit entry 2 was changed after it was written',
    });
  });

  it('detects an edit that also recomputes the entry hash (the next link breaks)', async () => {
    const db = await journalOfFive();
    const entry = await db.audit.get(3);
    if (!entry) throw new Error('missing entry 3');
    const forged = { ...entry, actorId: 'someone-else' };
    await db.audit.put({ ...forged, hash: auditHash(forged) });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 4 });
  });

  it('detects a deleted entry in the middle', async () => {
    const db = await journalOfFive();
    await db.audit.delete(3);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      seq: 3,
      reason: 'Audit entry 3 is missing',
    });
  });

  it('detects deletion of the newest entries through the head kept in meta', async () => {
    const db = await journalOfFive();
    await db.audit.bulkDelete([4, 5]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, seq: 5 });
  });

  it('accepts an empty journal', async () => {
    const { db } = await freshDb();
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 0, head: null });
  });
});
