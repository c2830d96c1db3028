// Engine-independent preparation of writes: both engines apply the same rows,
// so they cannot disagree about what an import or a batch of sales means.
import { canonicalJson, type CatalogueImport } from '../../protocol';
import type { IngestDocument, RecordWrite, StoreRow, TerminalRow, TotalsDelta } from './port';

export interface StoreStockDelta {
  storeId: string;
  productId: string;
  delta: number;
}

export interface TotalsRowDelta extends TotalsDelta {
  storeId: string;
  terminalId: string;
}

/**
 * Sum the effects of newly accepted documents: one stock delta per
 * (store, product) and one totals delta per (store, terminal, day, currency).
 * Sorted by key so concurrent transactions lock rows in the same order.
 */
export function aggregateEffects(accepted: readonly IngestDocument[]): {
  stock: StoreStockDelta[];
  totals: TotalsRowDelta[];
} {
  const stock = new Map<string, StoreStockDelta>();
  const totals = new Map<string, TotalsRowDelta>();
  for (const d of accepted) {
    for (const s of d.effects.stock) {
      const k = `${d.storeId}\u0000${s.productId}`;
      const row = stock.get(k);
      if (row) row.delta += s.delta;
      else stock.set(k, { storeId: d.storeId, productId: s.productId, delta: s.delta });
    }
    const t = d.effects.totals;
    if (t) {
      const k = [d.storeId, d.terminalId, t.day, t.currency].join('\u0000');
      const row = totals.get(k);
      if (row) {
        row.salesCount += t.salesCount;
        row.salesTotalMinor += t.salesTotalMinor;
        row.salesTaxMinor += t.salesTaxMinor;
        row.refundsCount += t.refundsCount;
        row.refundsTotalMinor += t.refundsTotalMinor;
      } else {
        totals.set(k, { ...t, storeId: d.storeId, terminalId: d.terminalId });
      }
    }
  }
  const byKey = <T>(m: Map<string, T>): T[] =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { stock: byKey(stock), totals: byKey(totals) };
}

/**
 * A document's row in the `documents` table, in column order: id, type,
 * store_id, terminal_id, sequence, created_at, received_at, content_hash, body.
 */
export function documentRow(
  d: IngestDocument,
  receivedAt: string,
): [string, string, string, string, number, string, string, string, string] {
  return [
    d.id,
    d.type,
    d.storeId,
    d.terminalId,
    d.sequence,
    d.createdAt,
    receivedAt,
    d.contentHash,
    d.json,
  ];
}

/** One row of the records table to write: value JSON text, or null for a tombstone. */
export interface RecordRow {
  collection: 'products' | 'prices' | 'taxRates';
  key: string;
  value: string | null;
}

/** Rows a catalogue import writes to products, prices and taxRates (stock is separate). */
export function catalogueRows(data: CatalogueImport): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const t of data.taxRates)
    rows.push({ collection: 'taxRates', key: t.id, value: canonicalJson(t) });
  for (const p of data.products) {
    rows.push({ collection: 'products', key: p.id, value: canonicalJson(p) });
    rows.push({
      collection: 'prices',
      key: p.id,
      value: canonicalJson({ productId: p.id, priceMinor: p.priceMinor, currency: p.currency }),
    });
  }
  for (const id of data.deleteProductIds) {
    rows.push({ collection: 'products', key: id, value: null });
    rows.push({ collection: 'prices', key: id, value: null });
  }
  return lastPerKey(rows, (r) => `${r.collection}\u0000${r.key}`);
}

/** Keep the last row per key (in last-seen order): a later row of an import wins, and one SQL statement never touches a row twice. */
export function lastPerKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const last = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    last.delete(k);
    last.set(k, r);
  }
  return [...last.values()];
}

/** Generic record writes as rows (scope '' = every store). */
export function recordRows(
  rows: readonly RecordWrite[],
): { key: string; scope: string; value: string | null }[] {
  const prepared = rows.map((r) => ({
    key: r.key,
    scope: r.scope ?? '',
    value: r.value === null || r.value === undefined ? null : canonicalJson(r.value),
  }));
  return lastPerKey(prepared, (r) => `${r.scope}\u0000${r.key}`);
}

/** A database row as both drivers return it (column name → value). */
export type Row = Record<string, unknown>;

/** A stores row (either engine) as the port's StoreRow. */
export function toStore(r: Row): StoreRow {
  return {
    id: String(r.id),
    code: String(r.code),
    name: String(r.name),
    currency: r.currency as StoreRow['currency'],
    createdAt: String(r.created_at),
  };
}

/** A terminals row (either engine) as the port's TerminalRow. */
export function toTerminal(r: Row): TerminalRow {
  const opt = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    storeId: String(r.store_id),
    code: String(r.code),
    name: String(r.name),
    deviceName: opt(r.device_name),
    enrolledAt: opt(r.enrolled_at),
    revokedAt: opt(r.revoked_at),
    createdAt: String(r.created_at),
  };
}
