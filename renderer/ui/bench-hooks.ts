// Hooks for bench/till.bench.ts, installed on window.__tillBench ONLY when the page URL
// has ?bench=1. They time work inside the page (performance.now(), ms) so the figures do
// not include the DevTools protocol round trip.
//
// Sale commit comparison: `dexieSale()` is the real completeSale (one Dexie transaction,
// durability strict); `bareSale()` does the same work — same reads, same domain buildSale,
// same audit hash, the same records into the same stores — on a raw IndexedDB connection
// with durability strict. Both write real, consistent sales (they share the counters).
import {
  addProduct,
  buildSale,
  emptyCart,
  type Cart,
  type Product,
  type Tender,
} from '../../domain';
import { chainAuditEntry } from '../db/audit';
import { lookupBarcode } from '../db/catalogue';
import { completeSale, stockDeltasOf } from '../db/complete-sale';
import { demoProduct } from '../db/demo-catalogue';
import type { AuditEntry, OutboxEntry, PrintJob, StockRow } from '../db/schema';
import type { TillRuntime } from './boot';
import { v7 as uuidv7 } from 'uuid';

export interface TillBenchHooks {
  productCount(): Promise<number>;
  /** One barcode lookup through the index; resolves with the time it took (ms). */
  lookup(code: string): Promise<{ ms: number; found: boolean }>;
  /** Commit one sale of `lineCount` demo products with Dexie (completeSale); ms. */
  dexieSale(lineCount: number, seed: number): Promise<number>;
  /** The same sale records written with bare IndexedDB; ms. */
  bareSale(lineCount: number, seed: number): Promise<number>;
  /** JS heap in MB (performance.memory, Chromium), or null. */
  heapMb(): number | null;
  /** Lookups of each code in turn; the time of each (ms). */
  lookupMany(codes: string[]): Promise<number[]>;
  /**
   * Arm the scan probe before a scan is typed: records the Enter keydown's timestamp and
   * resolves `scanResult()` when the cart shows one more line, at the next animation
   * frame (the line is painted then).
   */
  armScan(): void;
  /** ms from the Enter keydown to the new line on screen. */
  scanResult(): Promise<number>;
  /** Start a new, empty sale. */
  clearSale(): void;
  /** ms from navigation start to the cashier screen taking scans, or null. */
  readyAt(): number | null;
}

declare global {
  interface Window {
    __tillBench?: TillBenchHooks;
  }
}

const SALE_STORES = ['meta', 'sales', 'outbox', 'stock', 'printJobs', 'audit'];

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openRaw(name: string): Promise<IDBDatabase> {
  return req(indexedDB.open(name));
}

export function installBenchHooks(runtime: TillRuntime): void {
  const { db, config } = runtime;
  const terminal = {
    storeId: config.store.id,
    storeCode: config.store.code,
    terminalId: config.terminal.id,
    terminalCode: config.terminal.code,
  };
  let raw: IDBDatabase | null = null;
  let scanProbe: Promise<number> | null = null;

  const cartOf = (lineCount: number, seed: number): { cart: Cart; tenders: Tender[] } => {
    let cart = emptyCart(config.currency);
    for (let i = 0; i < lineCount; i++) {
      let index = (seed * 7919 + i * 104_729) % 1_000_000;
      if (index % 40 === 7) index += 1; // skip weighed items: they need a weight
      const p: Product = demoProduct(index);
      cart = addProduct(cart, p, { lineId: uuidv7(), quantity: 1 + (i % 3) });
    }
    // Cash far above any demo total: the tender always covers the sale.
    return { cart, tenders: [{ kind: 'cash', amountMinor: 100_000_000 }] };
  };

  const hooks: TillBenchHooks = {
    productCount: () => db.products.count(),
    async lookup(code) {
      const t0 = performance.now();
      const match = await lookupBarcode(db, code);
      return { ms: performance.now() - t0, found: match !== null };
    },
    async dexieSale(lineCount, seed) {
      const { cart, tenders } = cartOf(lineCount, seed);
      const t0 = performance.now();
      await completeSale(
        db,
        { cashierId: config.cashier.id, cart, settings: config.pricing, tenders },
        { now: () => new Date().toISOString(), newId: () => uuidv7() },
      );
      return performance.now() - t0;
    },
    async bareSale(lineCount, seed) {
      const { cart, tenders } = cartOf(lineCount, seed);
      raw ??= await openRaw(db.name);
      const conn = raw;
      const t0 = performance.now();
      const createdAt = new Date().toISOString();
      const saleId = uuidv7();
      const printJobId = uuidv7();
      const tx = conn.transaction(SALE_STORES, 'readwrite', { durability: 'strict' });
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('aborted'));
      });
      const meta = tx.objectStore('meta');
      const deltas = stockDeltasOf(cart);
      const ids = [...deltas.keys()];
      const [receiptRow, outboxRow, auditCursor, stockRows] = await Promise.all([
        req(meta.get('receiptSequence')) as Promise<{ value: number } | undefined>,
        req(meta.get('outboxSequence')) as Promise<{ value: number } | undefined>,
        req(tx.objectStore('audit').openCursor(null, 'prev')),
        Promise.all(
          ids.map((id) => req(tx.objectStore('stock').get(id)) as Promise<StockRow | undefined>),
        ),
      ]);
      const sequence = (receiptRow?.value ?? 0) + 1;
      const outboxSequence = (outboxRow?.value ?? 0) + 1;
      const head = auditCursor ? (auditCursor.value as AuditEntry) : null;
      const sale = buildSale({
        id: saleId,
        ...terminal,
        sequence,
        cashierId: config.cashier.id,
        createdAt,
        cart,
        settings: config.pricing,
        tenders,
      });
      const outbox: OutboxEntry = {
        id: sale.id,
        terminalId: sale.terminalId,
        sequence: outboxSequence,
        type: 'sale',
        body: sale,
        state: 'pending',
        attempts: 0,
        lastError: null,
        rejectedReason: null,
        createdAt,
        doneAt: null,
      };
      const printJob: PrintJob = {
        id: printJobId,
        saleId: sale.id,
        receiptNumber: sale.receiptNumber,
        state: 'queued',
        copy: false,
        createdAt,
        attempts: 0,
        lastError: null,
        printedAt: null,
      };
      const audit = chainAuditEntry(
        head ? { seq: head.seq, hash: head.hash } : null,
        {
          type: 'sale.completed',
          actorId: config.cashier.id,
          refId: sale.id,
          data: {
            receiptNumber: sale.receiptNumber,
            totalMinor: sale.totals.total,
            currency: sale.currency,
            tenders: sale.tenders.map((t) => ({ kind: t.kind, amountMinor: t.amountMinor })),
          },
        },
        createdAt,
      );
      tx.objectStore('sales').add(sale);
      meta.put({ key: 'receiptSequence', value: sequence });
      tx.objectStore('outbox').add(outbox);
      meta.put({ key: 'outboxSequence', value: outboxSequence });
      ids.forEach((productId, i) => {
        const row = stockRows[i];
        const delta = deltas.get(productId) ?? 0;
        tx.objectStore('stock').put(
          row
            ? { ...row, quantity: row.quantity + delta }
            : { productId, quantity: delta, pulledAt: null },
        );
      });
      tx.objectStore('printJobs').add(printJob);
      tx.objectStore('audit').add(audit);
      meta.put({ key: 'auditHead', value: { seq: audit.seq, hash: audit.hash } });
      await done;
      return performance.now() - t0;
    },
    async lookupMany(codes) {
      const out: number[] = [];
      for (const code of codes) {
        const t0 = performance.now();
        await lookupBarcode(db, code);
        out.push(performance.now() - t0);
      }
      return out;
    },
    armScan() {
      const lineRows = () => document.querySelectorAll('tr[data-line-id]').length;
      const before = lineRows();
      let enterAt: number | null = null;
      const onKey = (e: KeyboardEvent): void => {
        if (e.key === 'Enter' && enterAt === null) enterAt = e.timeStamp;
      };
      window.addEventListener('keydown', onKey, { capture: true });
      scanProbe = new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => {
          observer.disconnect();
          window.removeEventListener('keydown', onKey, { capture: true });
          reject(new Error('no new line within 10 s of the scan'));
        }, 10_000);
        const observer = new MutationObserver(() => {
          if (lineRows() <= before || enterAt === null) return;
          observer.disconnect();
          clearTimeout(timeout);
          window.removeEventListener('keydown', onKey, { capture: true });
          const start = enterAt;
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    },
    scanResult() {
      if (scanProbe === null) return Promise.reject(new Error('armScan() first'));
      const probe = scanProbe;
      scanProbe = null;
      return probe;
    },
    clearSale() {
      runtime.store.getState().clearSale();
    },
    readyAt() {
      const mark = performance.getEntriesByName('till-ready')[0];
      return mark ? mark.startTime : null;
    },
    heapMb() {
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      return memory ? memory.usedJSHeapSize / (1024 * 1024) : null;
    },
  };
  window.__tillBench = hooks;
}
