// Catalogue access. The catalogue can hold a million products, so it is never loaded
// whole: every lookup goes to an index (barcodes, searchKeys, sku) and stops at a limit.
//
// Weighed items (unit 'kg') are found by scale barcodes: an EAN-13 starting with '2'
// carries a 5-digit PLU and the weight in grams (domain parseScaleBarcode). A weighed
// product lists its PLU in `barcodes` as `plu:NNNNN` (pluBarcodeKey), so the same
// multi-entry index serves both. An exact barcode match always wins over a scale parse,
// so a shop can still register a full '2…' code on an ordinary product.
import { parseScaleBarcode, type Product } from '../../domain';
import { pluBarcodeKey, type StockRow, type TillDb } from './schema';

export type BarcodeMatch =
  | { kind: 'product'; product: Product; barcode: string }
  /** A scale label: quantity in grams for a 'kg' product. */
  | { kind: 'weighed'; product: Product; barcode: string; grams: number };

/** Find what a scanned code refers to, or null when unknown. */
export async function lookupBarcode(db: TillDb, code: string): Promise<BarcodeMatch | null> {
  const barcode = code.trim();
  if (barcode === '') return null;
  const exact = await db.products.where('barcodes').equals(barcode).first();
  if (exact) return { kind: 'product', product: exact, barcode };
  const scale = parseScaleBarcode(barcode);
  if (!scale) return null;
  const weighed = await db.products.where('barcodes').equals(pluBarcodeKey(scale.plu)).first();
  if (!weighed || weighed.unit !== 'kg') return null;
  return { kind: 'weighed', product: weighed, barcode, grams: scale.grams };
}

/** Lower-case search tokens of a query ("Coca 330" → ["coca", "330"]). */
export function searchTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;/|]+/u)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/**
 * Products whose search keys start with every token of `text` (prefix match on the
 * multi-entry searchKeys index for the longest token, the others checked on the
 * candidates), plus SKU prefix matches. At most `limit` results; reads only as many
 * records as it needs.
 */
export async function searchProducts(db: TillDb, text: string, limit = 8): Promise<Product[]> {
  const tokens = searchTokens(text);
  const first = [...tokens].sort((a, b) => b.length - a.length)[0];
  if (first === undefined || limit <= 0) return [];
  const rest = tokens.filter((t) => t !== first);
  const matchesRest = (p: Product): boolean =>
    rest.every((t) => p.searchKeys.some((k) => k.startsWith(t)));

  const found = new Map<string, Product>();
  // SKUs as the shop writes them (case kept); lower-case SKUs are in searchKeys too.
  const bySku =
    tokens.length === 1
      ? await db.products.where('sku').startsWith(text.trim()).limit(limit).toArray()
      : [];
  for (const p of bySku) found.set(p.id, p);
  if (found.size < limit) {
    const byKey = await db.products
      .where('searchKeys')
      .startsWith(first)
      .distinct()
      .filter((p) => !found.has(p.id) && matchesRest(p))
      .limit(limit - found.size)
      .toArray();
    for (const p of byKey) found.set(p.id, p);
  }
  return [...found.values()].slice(0, limit);
}

export interface SeedProgress {
  done: number;
  /** null when the source is an iterable of unknown length. */
  total: number | null;
}

export interface SeedOptions {
  /** Products per transaction. Default 2000. */
  chunkSize?: number;
  /**
   * Stock on hand for the product at this position of the iterable (0-based), written
   * in the same transaction as its chunk (count, or GRAMS for 'kg'). Omitted: no stock
   * rows are written, and seeding writes half as many records.
   */
  stockOf?: (position: number, product: Product) => number;
}

/**
 * Bulk-write products in chunks, each chunk one transaction on a 'relaxed' connection
 * (a catalogue can be pulled again; a sale cannot). Accepts any iterable so a million
 * demo products can be generated on the fly. Returns how many were written.
 */
export async function seedCatalogue(
  db: TillDb,
  products: Iterable<Product>,
  onProgress?: (progress: SeedProgress) => void,
  options: SeedOptions = {},
): Promise<number> {
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const total = Array.isArray(products) ? products.length : null;
  const relaxed = db.withDurability('relaxed');
  try {
    await relaxed.open();
    let done = 0;
    let chunk: Product[] = [];
    const stockOf = options.stockOf;
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      if (stockOf) {
        const first = done;
        const stock: StockRow[] = chunk.map((p, i) => ({
          productId: p.id,
          quantity: stockOf(first + i, p),
          pulledAt: null,
        }));
        await relaxed.transaction('rw', [relaxed.products, relaxed.stock], () =>
          Promise.all([relaxed.products.bulkPut(chunk), relaxed.stock.bulkPut(stock)]),
        );
      } else {
        await relaxed.products.bulkPut(chunk);
      }
      done += chunk.length;
      chunk = [];
      onProgress?.({ done, total });
    };
    for (const p of products) {
      chunk.push(p);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    return done;
  } finally {
    relaxed.close();
  }
}
