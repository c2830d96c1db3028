// Read the till's IndexedDB from inside the page with the raw IndexedDB API (no app code),
// so the tests check what really committed, independent of what the screen shows.
import type { Page } from 'playwright-core';
import { demoStock } from '../../../renderer/db/demo-catalogue';

export interface DbSnapshot {
  sales: {
    id: string;
    receiptNumber: string;
    sequence: number;
    lines: { productId: string; quantity: number; voided: boolean }[];
  }[];
  outbox: { id: string; sequence: number; type: string }[];
  stock: { productId: string; quantity: number }[];
  audit: { seq: number; refId: string | null; type: string; prevHash: string; hash: string }[];
  printJobs: { saleId: string }[];
  meta: Record<string, unknown>;
}

export function readTillDb(page: Page, dbName = 'till'): Promise<DbSnapshot> {
  return page.evaluate(async (name) => {
    const req = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const db = await req(indexedDB.open(name));
    try {
      const stores = ['sales', 'outbox', 'stock', 'audit', 'printJobs', 'meta'];
      const tx = db.transaction(stores, 'readonly');
      const all = (s: string) => req(tx.objectStore(s).getAll()) as Promise<never[]>;
      const [sales, outbox, stock, audit, printJobs, meta] = await Promise.all(stores.map(all));
      type Line = { productId: string; quantity: number; voided: boolean };
      type Sale = { id: string; receiptNumber: string; sequence: number; cart: { lines: Line[] } };
      return {
        sales: (sales as Sale[]).map((s) => ({
          id: s.id,
          receiptNumber: s.receiptNumber,
          sequence: s.sequence,
          lines: s.cart.lines.map((l) => ({
            productId: l.productId,
            quantity: l.quantity,
            voided: l.voided,
          })),
        })),
        outbox: (outbox as { id: string; sequence: number; type: string }[]).map((o) => ({
          id: o.id,
          sequence: o.sequence,
          type: o.type,
        })),
        stock: stock as { productId: string; quantity: number }[],
        audit: (
          audit as {
            seq: number;
            refId: string | null;
            type: string;
            prevHash: string;
            hash: string;
          }[]
        ).map((a) => ({
          seq: a.seq,
          refId: a.refId,
          type: a.type,
          prevHash: a.prevHash,
          hash: a.hash,
        })),
        printJobs: (printJobs as { saleId: string }[]).map((p) => ({ saleId: p.saleId })),
        meta: Object.fromEntries(
          (meta as { key: string; value: unknown }[]).map((m) => [m.key, m.value]),
        ),
      };
    } finally {
      db.close();
    }
  }, dbName);
}

/**
 * The stock the demo seed writes for a demo product ('P' + 7-digit index), as count or
 * grams: renderer/db/demo-catalogue demoStock. For tills seeded by the demo seed (with
 * stock, the default) and selling only products of the seeded catalogue.
 */
export function demoOpeningStock(productId: string): number {
  const m = /^P(\d{7})$/u.exec(productId);
  return m ? demoStock(Number(m[1])) : 0;
}

/**
 * Every sale is all there or not at all: sale ⇔ outbox entry ⇔ print job ⇔ audit entry,
 * stock equals its opening figure minus the sum of sold quantities (no pulls in these
 * tests; opening 0 unless said, demoOpeningStock for a demo-seeded till), receipt
 * sequences 1..n with no gaps or repeats, the counters match, the audit chain links.
 * Returns a list of problems (empty when consistent).
 */
export function consistencyProblems(
  snap: DbSnapshot,
  openingStock: (productId: string) => number = () => 0,
): string[] {
  const problems: string[] = [];
  const saleIds = new Set(snap.sales.map((s) => s.id));
  const outboxIds = new Set(snap.outbox.filter((o) => o.type === 'sale').map((o) => o.id));
  const auditIds = new Set(
    snap.audit.filter((a) => a.type === 'sale.completed').map((a) => a.refId),
  );
  const printIds = new Set(snap.printJobs.map((p) => p.saleId));
  for (const id of saleIds) {
    if (!outboxIds.has(id)) problems.push(`sale ${id} has no outbox entry`);
    if (!auditIds.has(id)) problems.push(`sale ${id} has no audit entry`);
    if (!printIds.has(id)) problems.push(`sale ${id} has no print job`);
  }
  for (const id of outboxIds) if (!saleIds.has(id)) problems.push(`outbox ${id} has no sale`);
  for (const id of auditIds)
    if (id === null || !saleIds.has(id)) problems.push(`audit ${id} has no sale`);
  for (const id of printIds) if (!saleIds.has(id)) problems.push(`print job for ${id} has no sale`);

  const sequences = snap.sales.map((s) => s.sequence).sort((a, b) => a - b);
  sequences.forEach((seq, i) => {
    if (seq !== i + 1) problems.push(`receipt sequence ${i + 1} expected, found ${seq}`);
  });
  const receipts = new Set(snap.sales.map((s) => s.receiptNumber));
  if (receipts.size !== snap.sales.length) problems.push('a receipt number repeats');
  const counter = (snap.meta.receiptSequence as number | undefined) ?? 0;
  if (counter !== snap.sales.length) {
    problems.push(`receipt counter ${counter} but ${snap.sales.length} sales`);
  }

  const expected = new Map<string, number>();
  for (const s of snap.sales) {
    for (const l of s.lines) {
      if (!l.voided) {
        const before = expected.get(l.productId) ?? openingStock(l.productId);
        expected.set(l.productId, before - l.quantity);
      }
    }
  }
  const actual = new Map(snap.stock.map((r) => [r.productId, r.quantity]));
  for (const [productId, qty] of expected) {
    if (actual.get(productId) !== qty) {
      problems.push(`stock of ${productId} is ${actual.get(productId)}, sales say ${qty}`);
    }
  }
  for (const [productId, qty] of actual) {
    if (!expected.has(productId) && qty !== openingStock(productId))
      problems.push(`stock of ${productId} moved without a sale`);
  }

  const audit = [...snap.audit].sort((a, b) => a.seq - b.seq);
  audit.forEach((a, i) => {
    if (a.seq !== i + 1) problems.push(`audit seq ${i + 1} expected, found ${a.seq}`);
    const prev = audit[i - 1];
    if (prev && a.prevHash !== prev.hash)
      problems.push(`audit ${a.seq} does not link to ${prev.seq}`);
  });
  return problems;
}
