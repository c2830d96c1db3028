// Customers and their loyalty balances come from head office as two collections,
// in no order head office promises: operators import balances and customers
// separately. Whatever the order, the till ends with head office's balance.
import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../../sync/engine/engine';
import type { HeadOfficeClient, PullPage } from '../../sync/engine/head-office-client';
import type { PullChange, TerminalCredentials } from '../../sync/engine/store-port';
import { DEMO_TERMINAL_IDENTITY } from '../db/demo-catalogue';
import { findMember, memberBalance } from '../db/members';
import type { TillDb } from '../db/schema';
import { freshDb } from '../db/test-support';
import { DexieSyncStore } from './dexie-sync-store';

const NOW = () => '2026-11-23T12:00:00.000Z';
interface CustomerValue {
  id: string;
  name: string;
  phone: string | null;
  memberNo: string;
}
const LI: CustomerValue = { id: 'c1', name: '李娜', phone: null, memberNo: 'M1' };

const customer = (seq: number, value: CustomerValue = LI): PullChange => ({
  key: value.id,
  seq,
  deleted: false,
  value,
});
const balance = (seq: number, pointsBalance: number, customerId = 'c1'): PullChange => ({
  key: customerId,
  seq,
  deleted: false,
  value: { customerId, pointsBalance },
});
const tombstone = (seq: number, key = 'c1'): PullChange => ({
  key,
  seq,
  deleted: true,
  value: null,
});

/** The points the cashier sees for the member with this member number. */
async function pointsOf(db: TillDb, memberNo: string): Promise<number | null> {
  const found = await findMember(db, memberNo);
  return found.kind === 'found' ? found.member.pointsBalance : null;
}

async function setup() {
  const { db } = await freshDb();
  const store = new DexieSyncStore(db, db, NOW);
  /** Apply one page per collection, each after the checkpoint it reached before. */
  const pull = async (collection: 'customers' | 'loyalty', changes: PullChange[]) => {
    const after = await store.getCheckpoint(collection);
    await store.applyPage(collection, changes, changes.at(-1)?.seq ?? after ?? 0, after);
  };
  return { db, store, pull };
}

describe('loyalty balances pulled at the till', () => {
  it('keeps a balance that arrives before its customer and shows it once the customer comes', async () => {
    const { db, pull } = await setup();
    await pull('loyalty', [balance(1, 120)]);
    expect(await db.customers.get('c1')).toBeUndefined();
    await pull('customers', [customer(1)]);
    expect(await db.customers.get('c1')).toMatchObject({
      id: 'c1',
      name: '李娜',
      phone: null,
      memberNo: 'M1',
      pulledAt: NOW(),
    });
    expect(await pointsOf(db, 'M1')).toBe(120);
  });

  it('updates the balance of a customer already here, and keeps it when the customer changes', async () => {
    const { db, pull } = await setup();
    await pull('customers', [customer(1)]);
    expect(await pointsOf(db, 'M1')).toBe(0);
    await pull('loyalty', [balance(1, 120)]);
    expect(await pointsOf(db, 'M1')).toBe(120);
    await pull('customers', [customer(2, { ...LI, phone: '13800000000' })]);
    expect(await db.customers.get('c1')).toMatchObject({ phone: '13800000000' });
    expect(await pointsOf(db, '138 0000 0000')).toBe(120);
  });

  it('gives a customer deleted and re-created the balance head office still holds', async () => {
    const { db, pull } = await setup();
    await pull('customers', [customer(1)]);
    await pull('loyalty', [balance(1, 120)]);
    await pull('customers', [tombstone(2)]);
    expect(await db.customers.get('c1')).toBeUndefined();
    await pull('customers', [customer(3)]);
    expect(await pointsOf(db, 'M1')).toBe(120);
  });

  it('drops a balance head office deletes, from the customer too and from one that comes later', async () => {
    const { db, pull } = await setup();
    await pull('customers', [customer(1)]);
    await pull('loyalty', [balance(1, 120), balance(2, 50, 'c2')]);
    await pull('loyalty', [tombstone(3), tombstone(4, 'c2')]);
    expect(await pointsOf(db, 'M1')).toBe(0);
    expect(await db.loyaltyBalances.count()).toBe(0);
    await pull('customers', [customer(2, { ...LI, id: 'c2', memberNo: 'M2' })]);
    expect(await pointsOf(db, 'M2')).toBe(0);
  });

  it('ends with head office balance when head office imports both between the customers and the loyalty pull', async () => {
    const { db, store } = await setup();
    const creds: TerminalCredentials = { token: 'tok', ...DEMO_TERMINAL_IDENTITY };
    await store.saveCredentials(creds);
    const records: Record<'customers' | 'loyalty', PullChange[]> = { customers: [], loyalty: [] };
    let imported = false;
    const ho: HeadOfficeClient = {
      enrol: () => Promise.resolve(creds),
      push: () => Promise.resolve([]),
      terminalState: () => Promise.resolve(null),
      pull(_c, collection, after): Promise<PullPage> {
        if (collection === 'loyalty' && !imported) {
          // The operator imports the customer and its balance while the round is between
          // its customers pull and its loyalty pull: the balance comes first.
          imported = true;
          records.customers.push(customer(4));
          records.loyalty.push(balance(5, 120));
        }
        const changes = (records[collection as 'customers' | 'loyalty'] ?? []).filter(
          (c) => c.seq > (after ?? 0),
        );
        return Promise.resolve({
          changes,
          checkpoint: changes.at(-1)?.seq ?? after ?? 0,
          more: false,
        });
      },
    };
    const engine = new SyncEngine({
      store,
      client: ho,
      collections: ['customers', 'loyalty'],
      random: () => 0.5,
      now: () => new Date(NOW()),
    });
    expect(await engine.syncOnce()).toBe('ok');
    expect(await engine.syncOnce()).toBe('ok');
    expect((await memberBalance(db, 'c1')).pointsBalance).toBe(120);
    expect(await pointsOf(db, 'M1')).toBe(120);
  });
});
