// Browser side of bench/sync.bench.ts, served by a Vite dev server with /api
// proxied to head office. Each exported step runs in the page and returns
// plain numbers; the Node side times and reports them.
import { v7 as uuidv7 } from 'uuid';
import {
  addProduct,
  buildSale,
  computeTotals,
  emptyCart,
  type PricingSettings,
  type Sale,
} from '../../domain';
import { lookupBarcode } from '../../renderer/db/catalogue';
import { openTillDb, type TerminalIdentity } from '../../renderer/db/schema';
import type { SyncConfigInput } from '../../renderer/sync/messages';
import { useSyncStatus } from '../../renderer/sync/status-store';
import { startSyncWorker, type SyncHandle } from '../../renderer/sync/sync-client';
import { benchBarcode, benchProduct, BENCH_TAX_RATES } from '../sync-catalogue';

const SETTINGS: PricingSettings = {
  taxMode: 'inclusive',
  taxRounding: 'per_line',
  roundingMode: 'HALF_UP',
  taxRates: BENCH_TAX_RATES,
};

let sync: SyncHandle | null = null;

/** Load products [0, n) into a fresh database with the till's products store, raw IndexedDB. Returns ms. */
async function bareLoad(n: number, chunk: number): Promise<number> {
  const name = `bare-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore('products', { keyPath: 'id' });
      store.createIndex('sku', 'sku');
      store.createIndex('barcodes', 'barcodes', { multiEntry: true });
      store.createIndex('searchKeys', 'searchKeys', { multiEntry: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const t0 = performance.now();
  for (let start = 0; start < n; start += chunk) {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('products', 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore('products');
      for (let i = start; i < Math.min(n, start + chunk); i++) store.put(benchProduct(i));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  const ms = performance.now() - t0;
  db.close();
  await new Promise((resolve) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = del.onerror = del.onblocked = resolve;
  });
  return ms;
}

function waitForStatus(pred: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pred()) return resolve();
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`timed out; status ${JSON.stringify(useSyncStatus.getState())}`));
    }, timeoutMs);
    const unsub = useSyncStatus.subscribe(() => {
      if (!pred()) return;
      clearTimeout(timer);
      unsub();
      resolve();
    });
  });
}

/**
 * Start the sync worker (enrolling with `config`) and scan barcodes on this
 * (the cashier's) thread every `scanEveryMs` until the first full sync is done.
 * Returns the pull time and each scan's lookup latency, ms.
 */
async function pullWithScans(
  config: SyncConfigInput,
  n: number,
  scanEveryMs: number,
  timeoutMs: number,
): Promise<{ ms: number; scans: number[]; progressUpdates: number }> {
  const db = await openTillDb(config.dbName ?? 'till');
  const scans: number[] = [];
  let progressUpdates = 0;
  const unsub = useSyncStatus.subscribe((s) => {
    if (s.status.pull) progressUpdates += 1;
  });
  let scanning = true;
  let seed = 12345;
  const scanLoop = (async () => {
    while (scanning) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const t = performance.now();
      await lookupBarcode(db, benchBarcode(seed % n));
      scans.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, scanEveryMs));
    }
  })();
  const t0 = performance.now();
  sync = startSyncWorker(config);
  await waitForStatus(() => useSyncStatus.getState().status.lastSyncAt !== null, timeoutMs);
  const ms = performance.now() - t0;
  scanning = false;
  await scanLoop;
  unsub();
  db.close();
  return { ms, scans, progressUpdates };
}

/** Stop the worker (so the outbox can be filled without it pushing). */
async function stopSync(): Promise<void> {
  await sync?.stop();
  sync = null;
}

/** Put `count` completed sales in the outbox, as completeSale leaves them, in chunks. */
async function makeSales(dbName: string, count: number, catalogueSize: number): Promise<void> {
  const db = await openTillDb(dbName, { durability: 'relaxed' });
  const terminal = (await db.meta.get('terminal'))?.value as TerminalIdentity;
  const seq = ((await db.meta.get('outboxSequence'))?.value as number | undefined) ?? 0;
  const base = Date.UTC(2026, 10, 23, 2, 0, 0);
  for (let start = 0; start < count; start += 1000) {
    const sales: Sale[] = [];
    for (let k = start; k < Math.min(count, start + 1000); k++) {
      let cart = emptyCart('CNY');
      for (let l = 0; l < 3; l++) {
        cart = addProduct(cart, benchProduct((k * 7 + l * 131) % catalogueSize), {
          lineId: `l${l}`,
          quantity: 1 + (l % 2),
        });
      }
      const totalMinor = computeTotals(cart, SETTINGS).total;
      sales.push(
        buildSale({
          id: uuidv7({ msecs: base + k }),
          storeId: terminal.storeId,
          terminalId: terminal.terminalId,
          storeCode: terminal.storeCode,
          terminalCode: terminal.terminalCode,
          sequence: seq + k + 1,
          cashierId: 'C01',
          createdAt: new Date(base + k * 1000).toISOString(),
          cart,
          settings: SETTINGS,
          tenders: [{ kind: 'cash', amountMinor: totalMinor }],
        }),
      );
    }
    await db.transaction('rw', [db.sales, db.outbox, db.meta], async () => {
      await db.sales.bulkAdd(sales);
      await db.outbox.bulkAdd(
        sales.map((sale) => ({
          id: sale.id,
          terminalId: sale.terminalId,
          sequence: sale.sequence,
          type: 'sale' as const,
          body: sale,
          state: 'pending' as const,
          attempts: 0,
          lastError: null,
          rejectedReason: null,
          createdAt: sale.createdAt,
          doneAt: null,
        })),
      );
      const last = sales.at(-1)?.sequence ?? seq;
      await db.meta.bulkPut([
        { key: 'outboxSequence', value: last },
        { key: 'receiptSequence', value: last },
      ]);
    });
  }
  db.close();
}

/** Start syncing again and time until the outbox is empty. Returns ms. */
async function catchUp(config: SyncConfigInput, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  useSyncStatus.setState({ status: { ...useSyncStatus.getState().status, lastSyncAt: null } });
  sync = startSyncWorker(config);
  await waitForStatus(() => {
    const s = useSyncStatus.getState().status;
    return s.lastSyncAt !== null && s.waiting === 0;
  }, timeoutMs);
  return performance.now() - t0;
}

const api = { bareLoad, pullWithScans, stopSync, makeSales, catchUp };
(window as unknown as { syncBench: typeof api }).syncBench = api;
document.getElementById('state')!.textContent = 'ready';
