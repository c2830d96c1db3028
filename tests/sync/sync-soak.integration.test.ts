// Soak: a till trades offline for a long time (5,000 sales through its own
// completeSale), then the network returns. Every sale reaches head office
// exactly once and the money adds up to the same minor unit at both ends.
import { afterAll, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import {
  compareWithHeadOffice,
  prepareHeadOffice,
  ringSales,
  startHeadOffice,
  startTill,
  type HeadOfficeFiles,
  type InProcessHeadOffice,
  type Till,
} from './harness';

/** Sales rung while offline (override with SYNC_SOAK_SALES for a longer run). */
const SALES = Number(process.env.SYNC_SOAK_SALES ?? 5_000);

let files: HeadOfficeFiles | null = null;
let ho: InProcessHeadOffice | null = null;
let proxy: FaultProxy | null = null;
let till: Till | null = null;

afterAll(async () => {
  await till?.engine.stop();
  till?.db.close();
  await proxy?.close();
  await ho?.close();
  files?.remove();
});

it(
  `${SALES} sales made offline arrive once each when the network returns`,
  { timeout: 600_000 },
  async () => {
    files = await prepareHeadOffice();
    ho = await startHeadOffice(files.file);
    proxy = await startFaultProxy({ host: '127.0.0.1', port: ho.port });
    till = await startTill(proxy.url, files.enrolmentCode, { backoff: { baseMs: 50, capMs: 500 } });
    expect(await till.engine.syncOnce()).toBe('ok');

    proxy.setDown(true);
    till.engine.start();
    await ringSales(till.db, SALES);
    await till.engine.refreshCounts();
    await expect.poll(() => till?.engine.getStatus().connection).toBe('offline');
    expect(till.engine.getStatus().waiting).toBe(SALES);
    expect(await ho.storage.countDocuments()).toBe(0);

    const back = Date.now();
    proxy.setDown(false);
    await expect
      .poll(async () => (await till!.store.counts()).waiting, { timeout: 300_000, interval: 200 })
      .toBe(0);
    const drainMs = Date.now() - back;

    const result = await compareWithHeadOffice(till.db, ho.storage);
    expect(result).toMatchObject({
      tillSales: SALES,
      headOfficeDocuments: SALES,
      headOfficeSalesCount: SALES,
      missing: [],
      outbox: { pending: 0, rejected: 0 },
    });
    expect(result.headOfficeTotal).toBe(result.tillTotal);
    console.log(
      `soak: ${SALES} sales drained in ${drainMs} ms; total ${result.tillTotal} minor units at both ends`,
    );
  },
);
