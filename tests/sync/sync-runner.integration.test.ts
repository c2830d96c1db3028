// The worker's runner (as the Web Worker runs it) over fake-indexeddb against a
// real head office: it enrols once, pulls the catalogue and its store's users, and a sale written
// through another connection to the same database is pushed at once — the
// outbox watch wakes the engine long before its idle interval.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, expect, it } from 'vitest';
import { completeSale } from '../../renderer/db/complete-sale';
import { DEMO_PRICING_SETTINGS } from '../../renderer/db/demo-catalogue';
import { openTillDb, type TerminalIdentity, type TillDb } from '../../renderer/db/schema';
import { COLA, saleInput, sampleCart } from '../../renderer/db/test-support';
import { availableStock } from '../../renderer/sync/available-stock';
import { syncConfigSchema } from '../../renderer/sync/messages';
import { startSyncRunner, type SyncRunner } from '../../renderer/sync/sync-runner';
import type { SyncStatus } from '../../sync/engine/status';
import {
  HEAD_OFFICE_USERS,
  prepareHeadOffice,
  startHeadOffice,
  type HeadOfficeFiles,
  type InProcessHeadOffice,
} from './harness';

let files: HeadOfficeFiles | null = null;
let ho: InProcessHeadOffice | null = null;
let runner: SyncRunner | null = null;
let page: TillDb | null = null;

afterAll(async () => {
  await runner?.stop();
  page?.close();
  await ho?.close();
  files?.remove();
});

it('enrols, pulls, and pushes a new sale as soon as it is written', async () => {
  files = await prepareHeadOffice();
  ho = await startHeadOffice(files.file);
  const dbOptions = { indexedDB: new IDBFactory(), IDBKeyRange };
  // Dexie's liveQuery (the outbox watch) stays silent where there is no global
  // IndexedDB, as in Node; a browser or worker always has one.
  Dexie.dependencies.indexedDB = dbOptions.indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const statuses: SyncStatus[] = [];
  runner = await startSyncRunner(
    syncConfigSchema.parse({
      headOfficeUrl: `http://127.0.0.1:${ho.port}`,
      enrolmentCode: files.enrolmentCode,
      dbName: 'till-runner',
      intervalMs: 60_000,
    }),
    { fetch, onStatus: (s) => statuses.push(s), dbOptions },
  );
  await expect.poll(() => statuses.at(-1)?.lastSyncAt ?? null, { timeout: 10_000 }).not.toBeNull();
  expect(statuses.at(-1)).toMatchObject({
    connection: 'online',
    enrolled: true,
    waiting: 0,
    rejected: 0,
  });
  expect(statuses.some((s) => s.pull?.collection === 'products')).toBe(true);

  // The page's own connection, as the cashier screen has it.
  page = await openTillDb('till-runner', dbOptions);
  expect(await page.products.get(COLA.id)).toMatchObject({ name: COLA.name });
  expect(await availableStock(page, COLA.id)).toBe(1000);
  // Only this store's users: S002's manager stays at head office.
  expect(await page.users.toArray()).toEqual([
    { ...HEAD_OFFICE_USERS.S001, pulledAt: expect.any(String) },
  ]);

  const terminal = (await page.meta.get('terminal'))?.value as TerminalIdentity;
  const { sale } = await completeSale(
    page,
    { ...saleInput(sampleCart(2)), settings: DEMO_PRICING_SETTINGS },
    { now: () => new Date().toISOString(), newId: () => uuidv7() },
  );
  expect(sale.terminalId).toBe(terminal.terminalId);
  expect(await availableStock(page, COLA.id)).toBe(998);
  // Well inside the 60 s idle interval: only the outbox watch can have sent it.
  await expect.poll(() => ho!.storage.getDocument(sale.id), { timeout: 5_000 }).not.toBeNull();
  await expect.poll(() => statuses.at(-1)?.waiting, { timeout: 5_000 }).toBe(0);
});
