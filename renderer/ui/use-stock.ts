// Live stock figures for a handful of products (search results, cart lines). One
// indexed bulkGet on the stock table; Dexie re-runs it when any of those rows change
// (a sale committed here or in another window, a pull by the sync engine).
import type { TillDb } from '../db/schema';
import { useLiveQuery } from './use-live-query';

/**
 * productId → quantity (count, or GRAMS for 'kg'; null when the till has no figure).
 * A product missing from the map is still loading.
 */
export type StockById = ReadonlyMap<string, number | null>;

const NONE: StockById = new Map();

export function useStock(db: TillDb, productIds: readonly string[]): StockById {
  // Keyed by the ids, not the array: a new array with the same ids keeps the query.
  const key = [...new Set(productIds)].join('\n');
  return useLiveQuery(
    async () => {
      const ids = key === '' ? [] : key.split('\n');
      if (ids.length === 0) return NONE;
      const rows = await db.stock.bulkGet(ids);
      return new Map(ids.map((id, i) => [id, rows[i]?.quantity ?? null]));
    },
    [db, key],
    NONE,
  );
}
