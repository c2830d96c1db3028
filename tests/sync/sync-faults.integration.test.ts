// The outbox against a real head office (SQLite file) through network faults:
// after each fault the outbox drains and head office holds every sale once.
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import {
  compareWithHeadOffice,
  prepareHeadOffice,
  ringSales,
  spawnHeadOffice,
  startHeadOffice,
  startTill,
  type ChildHeadOffice,
  type HeadOfficeFiles,
  type InProcessHeadOffice,
  type Till,
} from './harness';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { benchProduct } from '../../bench/sync-catalogue';

const PUSH = /^POST \/api\/v1\/push /;

let files: HeadOfficeFiles | null = null;
let ho: InProcessHeadOffice | null = null;
let child: ChildHeadOffice | null = null;
let proxy: FaultProxy | null = null;
let till: Till | null = null;

afterEach(async () => {
  await till?.engine.stop();
  till?.db.close();
  await proxy?.close();
  await ho?.close();
  await child?.stop();
  files?.remove();
  till = proxy = ho = child = files = null;
});

/** Head office in-process behind a fault proxy, and an enrolled till pointed at the proxy. */
async function setup(opts: { timeoutMs?: number; batchSize?: number } = {}) {
  files = await prepareHeadOffice();
  ho = await startHeadOffice(files.file);
  proxy = await startFaultProxy({ host: '127.0.0.1', port: ho.port });
  till = await startTill(proxy.url, files.enrolmentCode, opts);
  expect(await till.engine.syncOnce()).toBe('ok');
  return { ho, proxy, till };
}

describe('sync through faults (head office on SQLite)', () => {
  it('a push whose answer is cut after head office committed is retried as a duplicate, stored once', async () => {
    const { ho, proxy, till } = await setup();
    await ringSales(till.db, 5);
    proxy.inject({ kind: 'cut_after_response' }, { match: PUSH });
    expect(await till.engine.syncOnce()).toBe('transient');
    expect(till.engine.getStatus()).toMatchObject({ connection: 'offline', waiting: 5 });
    // Head office has them although the till never heard so.
    expect(await ho.storage.countDocuments()).toBe(5);
    expect(await till.engine.syncOnce()).toBe('ok');
    const result = await compareWithHeadOffice(till.db, ho.storage);
    expect(result).toMatchObject({
      tillSales: 5,
      headOfficeDocuments: 5,
      headOfficeSalesCount: 5,
      missing: [],
      outbox: { pending: 0, rejected: 0 },
    });
    expect(result.headOfficeTotal).toBe(result.tillTotal);
    expect(proxy.stats.cut).toBe(1);
  });

  it('a push answered after the till gave up waiting is retried without a second copy', async () => {
    const { ho, proxy, till } = await setup({ timeoutMs: 1_000 });
    await ringSales(till.db, 3);
    proxy.inject({ kind: 'delay', ms: 2_500 }, { match: PUSH, times: 2 });
    expect(await till.engine.syncOnce()).toBe('transient');
    expect(till.engine.getStatus().lastError).toBe('Head office did not answer within 1000 ms');
    till.engine.start();
    await expect.poll(async () => (await till.store.counts()).waiting, { timeout: 10_000 }).toBe(0);
    const result = await compareWithHeadOffice(till.db, ho.storage);
    expect(result).toMatchObject({
      tillSales: 3,
      headOfficeDocuments: 3,
      headOfficeSalesCount: 3,
      missing: [],
    });
    expect(result.headOfficeTotal).toBe(result.tillTotal);
    expect(proxy.stats.delayed).toBe(2);
    expect((await till.db.outbox.toArray()).every((e) => e.attempts >= 2)).toBe(true);
  });

  it('keeps retrying with backoff while head office answers 503, then drains', async () => {
    const { ho, till } = await setup();
    await ringSales(till.db, 4);
    ho.failNext.count = 6;
    till.engine.start();
    await expect.poll(() => ho.failNext.count, { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await till.store.counts()).waiting, { timeout: 10_000 }).toBe(0);
    // The round after the outage ends clean: online, no error.
    await expect.poll(() => till.engine.getStatus().lastError, { timeout: 5_000 }).toBeNull();
    expect(till.engine.getStatus().connection).toBe('online');
    const result = await compareWithHeadOffice(till.db, ho.storage);
    expect(result).toMatchObject({ tillSales: 4, headOfficeDocuments: 4, missing: [] });
    expect(result.headOfficeTotal).toBe(result.tillTotal);
  });

  it('resumes a pull cut mid-catalogue from the last written checkpoint, missing nothing', async () => {
    const products = Array.from({ length: 2_500 }, (_, i) => benchProduct(i));
    files = await prepareHeadOffice(products);
    ho = await startHeadOffice(files.file);
    proxy = await startFaultProxy({ host: '127.0.0.1', port: ho.port });
    // Pages of 1,000, so the catalogue takes three requests.
    till = await startTill(proxy.url, files.enrolmentCode, { pageSize: 1_000 });
    // The second page of products is answered by head office but never arrives.
    proxy.inject(
      { kind: 'cut_after_response' },
      { match: /^GET \/api\/v1\/pull\/products/, skip: 1 },
    );
    expect(await till.engine.syncOnce()).toBe('transient');
    expect(await till.db.products.count()).toBe(1_000);
    expect(await till.store.getCheckpoint('products')).not.toBeNull();
    expect(await till.engine.syncOnce()).toBe('ok');
    expect(await till.db.products.count()).toBe(2_500);
    expect(await till.db.products.get(products[1_700]!.id)).toEqual(products[1_700]);
    expect(proxy.stats.cut).toBe(1);
  });

  it('survives head office being killed mid-batch and restarted on the same data and port', async () => {
    files = await prepareHeadOffice();
    child = await spawnHeadOffice(files.file);
    const port = child.port;
    proxy = await startFaultProxy({ host: '127.0.0.1', port });
    till = await startTill(proxy.url, files.enrolmentCode, { batchSize: 20, timeoutMs: 5_000 });
    expect(await till.engine.syncOnce()).toBe('ok');
    await ringSales(till.db, 100);
    // Hold each push answer so the kill lands while a batch is in flight (committed, unanswered).
    proxy.inject({ kind: 'delay', ms: 400 }, { match: PUSH, times: 100 });
    till.engine.start();
    await expect
      .poll(() => proxy?.stats.delayed ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    await child.kill();
    const waitingAtKill = (await till.store.counts()).waiting;
    expect(waitingAtKill).toBeGreaterThan(0);
    await expect
      .poll(() => till?.engine.getStatus().connection, { timeout: 5_000 })
      .toBe('offline');
    child = await spawnHeadOffice(files.file, port);
    await expect
      .poll(async () => (await till!.store.counts()).waiting, { timeout: 30_000 })
      .toBe(0);
    await till.engine.stop();
    await child.stop();
    child = null;
    const storage = openSqliteStorage(files.file);
    try {
      const result = await compareWithHeadOffice(till.db, storage);
      expect(result).toMatchObject({
        tillSales: 100,
        headOfficeDocuments: 100,
        headOfficeSalesCount: 100,
        missing: [],
        outbox: { pending: 0, rejected: 0 },
      });
      expect(result.headOfficeTotal).toBe(result.tillTotal);
    } finally {
      await storage.close();
    }
  });
});
