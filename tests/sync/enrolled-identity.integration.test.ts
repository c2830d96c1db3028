// A till configured with a head office whose ids are not the ones head office
// assigns at enrolment. Head office (buildServer on a SQLite temp file) refuses any
// document under another terminal id (forbidden_terminal), so the till must sell only
// under the enrolled identity: before enrolment it does not sell at all; after it,
// every sale carries head office's ids and codes and is accepted, none parked.
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_ENROLLED_MESSAGE } from '../../renderer/db/complete-sale';
import { DEMO_PRICING_SETTINGS } from '../../renderer/db/demo-catalogue';
import type { TerminalIdentity } from '../../renderer/db/schema';
import { COLA } from '../../renderer/db/test-support';
import { createTillStore, type TillStore } from '../../renderer/stores/till-store';
import { settleTerminalIdentity } from '../../renderer/sync/dexie-sync-store';
import {
  compareWithHeadOffice,
  prepareHeadOffice,
  startHeadOffice,
  startTill,
  type HeadOfficeFiles,
  type InProcessHeadOffice,
  type Till,
} from './harness';

/** What the till's config file says — head office knows none of these ids or codes. */
const CONFIGURED: TerminalIdentity = {
  storeId: 'config-store',
  storeCode: 'S999',
  terminalId: 'config-terminal',
  terminalCode: 'T99',
};

let files: HeadOfficeFiles | null = null;
let ho: InProcessHeadOffice | null = null;
let till: Till | null = null;

afterEach(async () => {
  await till?.engine.stop();
  till?.db.close();
  await ho?.close();
  files?.remove();
  till = ho = files = null;
});

/** Ring one cola paid in cash through the cashier's store. */
async function ringCola(store: TillStore) {
  store.getState().addProduct(COLA);
  store.getState().addTender({ kind: 'cash', amountMinor: 1_000 });
  return store.getState().complete();
}

describe('terminal identity after enrolment', () => {
  it('sells only once enrolled, under the ids head office assigned, and head office accepts every sale', async () => {
    files = await prepareHeadOffice();
    ho = await startHeadOffice(files.file);
    till = await startTill(`http://127.0.0.1:${ho.port}`, files.enrolmentCode);
    const { db, engine } = till;

    // First start, offline: no enrolled identity, so none at all — the config's is not used.
    expect(await settleTerminalIdentity(db, CONFIGURED, true)).toBeNull();
    const store = createTillStore({
      db,
      cashierId: 'C01',
      settings: DEMO_PRICING_SETTINGS,
      currency: 'CNY',
      now: () => new Date().toISOString(),
      // Document ids travel to head office: real UUIDv7.
      newId: () => uuidv7(),
    });
    await store.getState().refreshTerminal();
    expect(store.getState().terminal).toBeNull();
    expect(await ringCola(store)).toBeNull();
    expect(store.getState().message).toEqual({ kind: 'error', text: NOT_ENROLLED_MESSAGE });
    // Nothing written, no receipt number used: numbering starts cleanly once enrolled.
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get('receiptSequence')).toBeUndefined();
    expect(store.getState().cart.lines).toHaveLength(1); // the customer's items stay on screen

    // Online: enrolment writes the token and head office's identity together.
    expect(await engine.syncOnce()).toBe('ok');
    const enrolled = (await db.meta.get('terminal'))?.value as TerminalIdentity;
    expect(enrolled).toMatchObject({ storeCode: 'S001', terminalCode: 'T01' });
    expect(enrolled.terminalId).not.toBe(CONFIGURED.terminalId);
    expect(enrolled.storeId).not.toBe(CONFIGURED.storeId);
    // A restart prefers the enrolled identity over the config's.
    expect(await settleTerminalIdentity(db, CONFIGURED, true)).toEqual(enrolled);

    // The same cart goes through now, numbered with head office's codes.
    await store.getState().refreshTerminal();
    expect(store.getState().terminal).toEqual(enrolled);
    store.getState().clearTenders();
    store.getState().addTender({ kind: 'cash', amountMinor: 1_000 });
    const first = await store.getState().complete();
    const second = await ringCola(store);
    const third = await ringCola(store);
    expect([first, second, third].map((s) => s?.receiptNumber)).toEqual([
      'S001-T01-000001',
      'S001-T01-000002',
      'S001-T01-000003',
    ]);
    for (const sale of [first, second, third]) {
      expect(sale).toMatchObject({ storeId: enrolled.storeId, terminalId: enrolled.terminalId });
    }

    const round = await engine.syncOnce();
    expect(engine.getStatus().lastError).toBeNull();
    expect(round).toBe('ok');
    expect(engine.getStatus()).toMatchObject({ waiting: 0, rejected: 0, lastError: null });
    expect(await compareWithHeadOffice(db, ho.storage)).toMatchObject({
      tillSales: 3,
      headOfficeDocuments: 3,
      headOfficeSalesCount: 3,
      missing: [],
      outbox: { pending: 0, rejected: 0 },
    });
  });

  it('a till without a head office sells under its configured identity', async () => {
    files = await prepareHeadOffice();
    ho = await startHeadOffice(files.file);
    till = await startTill(`http://127.0.0.1:${ho.port}`, files.enrolmentCode);
    expect(await settleTerminalIdentity(till.db, CONFIGURED, false)).toEqual(CONFIGURED);
    expect((await till.db.meta.get('terminal'))?.value).toEqual(CONFIGURED);
  });
});
