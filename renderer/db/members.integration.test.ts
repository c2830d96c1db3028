// Finding a loyalty member by member number or phone number, through indexes only.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { DBCoreQueryRequest } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PullChange } from '../../sync/engine/store-port';
import { DexieSyncStore } from '../sync/dexie-sync-store';
import { DEMO_MEMBERS, seedDemoMembers } from './demo-members';
import { findMember, memberBalance, memberLookupProblem } from './members';
import { TillDb, type Customer } from './schema';
import { freshDb, putMember, ZHANG_CUSTOMER } from './test-support';

const ZHANG = ZHANG_CUSTOMER;
const LI: Customer = {
  id: 'c-li',
  name: '李娜',
  phone: '139 1234 5678',
  memberNo: 'M000002',
  pulledAt: null,
};

async function withMembers() {
  const { db } = await freshDb();
  await putMember(db, ZHANG, 1200);
  await db.customers.put(LI);
  return db;
}

describe('findMember', () => {
  it.each([
    ['the member number', 'M000001'],
    ['the member number with spaces around it', '  M000001 '],
    ['the phone as stored', '138-0013-8000'],
    ['the phone with spaces instead of dashes', '138 0013 8000'],
    ['the phone as bare digits', '13800138000'],
    ['the phone in full-width digits', '１３８００１３８０００'],
    ['the phone with the country code', '+86 138 0013 8000'],
  ])('finds the member by %s, with the balance last pulled', async (_how, typed) => {
    const db = await withMembers();
    expect(await findMember(db, typed)).toEqual({
      kind: 'found',
      member: {
        customerId: ZHANG.id,
        name: '张伟',
        memberNo: 'M000001',
        phone: '138-0013-8000',
        pointsBalance: 1200,
        balancePulledAt: '2026-11-23T08:00:00.000Z',
      },
    });
  });

  it('gives a balance of 0 for a member head office has sent no balance for', async () => {
    const db = await withMembers();
    const found = await findMember(db, '13912345678');
    expect(found).toMatchObject({
      kind: 'found',
      member: { customerId: LI.id, pointsBalance: 0, balancePulledAt: null },
    });
    expect(await memberBalance(db, 'nobody')).toEqual({ pointsBalance: 0, pulledAt: null });
  });

  it('says clearly when no member has the number, and when nothing was typed', async () => {
    const db = await withMembers();
    const unknown = await findMember(db, ' 13800000000 ');
    expect(unknown).toEqual({ kind: 'unknown', text: '13800000000' });
    expect(memberLookupProblem(unknown)).toBe(
      'No member with number or phone 13800000000 — check the number, or ask head office to add the member',
    );
    expect(await findMember(db, 'm000001')).toMatchObject({ kind: 'unknown' });
    const empty = await findMember(db, '   ');
    expect(memberLookupProblem(empty)).toBe('Type or scan a member number or phone number');
  });

  it('does not guess between members who share a phone number', async () => {
    const db = await withMembers();
    await db.customers.put({ ...LI, id: 'c-li-2', memberNo: 'M000003', name: '李娜 (母亲)' });
    const shared = await findMember(db, '139-1234-5678');
    expect(memberLookupProblem(shared)).toBe(
      'Several members have 139-1234-5678 — use the member number instead',
    );
    expect(await findMember(db, 'M000003')).toMatchObject({ member: { customerId: 'c-li-2' } });
  });

  it('prefers a member number over a phone number with the same digits', async () => {
    const db = await withMembers();
    await db.customers.put({ ...LI, id: 'c-card', memberNo: '13800138000', phone: null });
    expect(await findMember(db, '13800138000')).toMatchObject({ member: { customerId: 'c-card' } });
  });

  it('keeps the phone index right when a customer row is rewritten or its phone removed', async () => {
    const db = await withMembers();
    await db.customers.update(ZHANG.id, { phone: '137 0000 1111' });
    expect(await findMember(db, '13800138000')).toMatchObject({ kind: 'unknown' });
    expect(await findMember(db, '137-0000-1111')).toMatchObject({ member: { name: '张伟' } });
    await db.customers.put({ ...ZHANG, phone: null });
    expect(await findMember(db, '13700001111')).toMatchObject({ kind: 'unknown' });
    expect(await db.customers.get(ZHANG.id)).not.toHaveProperty('phoneKey');
  });

  it('finds a customer pulled from head office by phone or member number, with its pulled balance', async () => {
    const { db } = await freshDb();
    const sync = new DexieSyncStore(db, db, () => '2026-11-23T12:00:00.000Z');
    const pulled = (seq: number, value: unknown, key: string): PullChange => ({
      key,
      seq,
      deleted: false,
      value,
    });
    await sync.applyPage(
      'customers',
      [pulled(1, { id: 'c9', name: '赵敏', phone: '186 0000 9999', memberNo: 'M9' }, 'c9')],
      1,
      null,
    );
    await sync.applyPage(
      'loyalty',
      [pulled(2, { customerId: 'c9', pointsBalance: 530 }, 'c9')],
      2,
      null,
    );
    expect(await findMember(db, '18600009999')).toMatchObject({
      kind: 'found',
      member: { customerId: 'c9', name: '赵敏', pointsBalance: 530 },
    });
    expect(await findMember(db, 'M9')).toMatchObject({
      kind: 'found',
      member: { customerId: 'c9', memberNo: 'M9' },
    });
  });

  it('reads only the memberNo and phoneKey indexes, at most two rows each, never the table', async () => {
    const queries: { index: string | null; limit: number | undefined }[] = [];
    let cursors = 0;
    const db = new TillDb('till-index-only', { indexedDB: new IDBFactory(), IDBKeyRange });
    db.use({
      stack: 'dbcore',
      name: 'record-customer-reads',
      create: (down) => ({
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'customers') return table;
          return {
            ...table,
            query(req: DBCoreQueryRequest) {
              queries.push({ index: req.query.index.name, limit: req.limit });
              return table.query(req);
            },
            openCursor(req) {
              cursors += 1;
              return table.openCursor(req);
            },
          };
        },
      }),
    });
    await db.open();
    await db.customers.bulkPut(
      Array.from({ length: 500 }, (_, i) => ({
        ...LI,
        id: `c${i}`,
        memberNo: `M${String(i).padStart(6, '0')}`,
        phone: `139 0000 ${String(i).padStart(4, '0')}`,
      })),
    );
    queries.length = 0;
    expect(await findMember(db, '139-0000-0420')).toMatchObject({ member: { customerId: 'c420' } });
    expect(await findMember(db, 'M000007')).toMatchObject({ member: { customerId: 'c7' } });
    expect(await findMember(db, '13811112222')).toMatchObject({ kind: 'unknown' });
    expect(cursors).toBe(0);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(['memberNo', 'phoneKey']).toContain(q.index);
      expect(q.limit).toBeLessThanOrEqual(2);
    }
    db.close();
  });
});

describe('demo members', () => {
  it('are seeded into an empty till and found by phone, with their balances', async () => {
    const { db } = await freshDb();
    expect(await seedDemoMembers(db)).toBe(DEMO_MEMBERS.length);
    const first = DEMO_MEMBERS[0]!;
    expect(await findMember(db, first.customer.phone!)).toMatchObject({
      member: { name: first.customer.name, pointsBalance: first.pointsBalance },
    });
  });

  it('are not mixed into customers pulled from head office', async () => {
    const db = await withMembers();
    expect(await seedDemoMembers(db)).toBe(0);
    expect(await db.customers.count()).toBe(2);
  });
});
