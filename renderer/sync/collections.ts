// How each pulled collection lands in the till's tables. Every value is checked
// with the protocol's schema before it is written: a record this till cannot
// read stops the pull with a reason instead of corrupting the catalogue.
import { loyaltyPointsEarned, type Sale } from '../../domain';
import { PULL_VALUE_SCHEMAS } from '../../sync/protocol';
import type { PullChange } from '../../sync/engine/store-port';
import { stockDeltasOf } from '../db/complete-sale';
import type { TillDb, TillTableName } from '../db/schema';

/** Collections this till knows how to apply. */
export type CollectionName =
  'taxRates' | 'products' | 'prices' | 'stock' | 'users' | 'customers' | 'loyalty';

/**
 * Collections the till pulls, in order: tax rates before the products that
 * name them, products before their stock, customers before their loyalty
 * balances. 'prices' is left out: head office writes a price change only with
 * its product (a catalogue import), and the product carries the price, so
 * pulling both would apply every price twice (a million extra writes on a
 * full catalogue).
 */
export const TILL_COLLECTIONS: readonly CollectionName[] = [
  'taxRates',
  'products',
  'stock',
  'users',
  'customers',
  'loyalty',
];

const TABLES: Record<CollectionName, TillTableName[]> = {
  taxRates: ['taxRates'],
  products: ['products'],
  prices: ['products'],
  // The outbox is read to subtract sales head office has not acknowledged yet.
  stock: ['stock', 'outbox'],
  users: ['users'],
  // A balance lives in loyaltyBalances, apart from its customer (it may come first).
  customers: ['customers'],
  // The outbox is read to add the points of member sales head office has not acknowledged.
  loyalty: ['loyaltyBalances', 'outbox'],
};

/** Tables a page of `collection` writes (for the transaction's scope). */
export function pulledTables(collection: string): TillTableName[] {
  const tables = TABLES[collection as CollectionName];
  if (!tables) throw new Error(`The till does not know the collection "${collection}"`);
  return tables;
}

/** Later changes to a key win within a page. */
function latestByKey(changes: readonly PullChange[]): PullChange[] {
  const byKey = new Map<string, PullChange>();
  for (const c of changes) byKey.set(c.key, c);
  return [...byKey.values()];
}

function parse<C extends CollectionName>(collection: C, change: PullChange) {
  const parsed = PULL_VALUE_SCHEMAS[collection].safeParse(change.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Head office sent a ${collection} record this till cannot read (key ${change.key}): ` +
        `${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
    );
  }
  return parsed.data as ReturnType<(typeof PULL_VALUE_SCHEMAS)[C]['parse']>;
}

/**
 * Stock movement of the sales waiting in the outbox, per product (negative:
 * count, or grams for weighed items). Head office's figure does not include
 * them yet.
 */
export async function unacknowledgedStockDeltas(db: TillDb): Promise<Map<string, number>> {
  const deltas = new Map<string, number>();
  await db.outbox
    .where('state')
    .equals('pending')
    .each((entry) => {
      if (entry.type !== 'sale') return;
      for (const [productId, delta] of stockDeltasOf((entry.body as Sale).cart)) {
        deltas.set(productId, (deltas.get(productId) ?? 0) + delta);
      }
    });
  return deltas;
}

/**
 * Points of the member sales waiting in the outbox, per customer id
 * (loyaltyPointsEarned of each, the figure head office will add). Head office's
 * balance does not include them yet.
 */
export async function unacknowledgedLoyaltyPoints(db: TillDb): Promise<Map<string, number>> {
  const points = new Map<string, number>();
  await db.outbox
    .where('state')
    .equals('pending')
    .each((entry) => {
      if (entry.type !== 'sale') return;
      const sale = entry.body as Sale;
      if (sale.customerId == null) return;
      const earned = loyaltyPointsEarned(sale.totals.total, sale.currency);
      points.set(sale.customerId, (points.get(sale.customerId) ?? 0) + earned);
    });
  return points;
}

/** Write one page of changes; the caller holds a rw transaction over pulledTables(). */
export async function applyChanges(
  db: TillDb,
  collection: CollectionName,
  changes: readonly PullChange[],
  pulledAt: string,
): Promise<void> {
  const latest = latestByKey(changes);
  const deletes = latest.filter((c) => c.deleted).map((c) => c.key);
  const upserts = latest.filter((c) => !c.deleted);
  switch (collection) {
    case 'products':
      await db.products.bulkDelete(deletes);
      await db.products.bulkPut(upserts.map((c) => parse('products', c)));
      return;
    case 'taxRates':
      await db.taxRates.bulkDelete(deletes);
      await db.taxRates.bulkPut(upserts.map((c) => parse('taxRates', c)));
      return;
    case 'prices': {
      // A price change touches a product the till already has; a deleted price changes nothing.
      const prices = upserts.map((c) => parse('prices', c));
      const products = await db.products.bulkGet(prices.map((p) => p.productId));
      const updated = products.flatMap((product, i) => {
        const price = prices[i];
        return product && price
          ? [{ ...product, priceMinor: price.priceMinor, currency: price.currency }]
          : [];
      });
      await db.products.bulkPut(updated);
      return;
    }
    case 'stock': {
      const rows = upserts.map((c) => parse('stock', c));
      const pending = rows.length > 0 ? await unacknowledgedStockDeltas(db) : new Map();
      await db.stock.bulkDelete(deletes);
      await db.stock.bulkPut(
        rows.map((r) => ({
          productId: r.productId,
          quantity: r.quantity + (pending.get(r.productId) ?? 0),
          pulledAt,
        })),
      );
      return;
    }
    case 'users':
      await db.users.bulkDelete(deletes);
      await db.users.bulkPut(upserts.map((c) => ({ ...parse('users', c), pulledAt })));
      return;
    case 'customers': {
      // A customer's balance is in loyaltyBalances, whenever it came (before or after).
      const rows = upserts.map((c) => parse('customers', c));
      await db.customers.bulkDelete(deletes);
      await db.customers.bulkPut(
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          phone: r.phone,
          memberNo: r.memberNo,
          pulledAt,
        })),
      );
      return;
    }
    case 'loyalty': {
      // Kept whether or not the customer is here yet (a later customers page reads it);
      // a deleted customer's balance stays for the customer head office may re-create.
      // A tombstone (key = customer id) removes the balance.
      // Head office's figure plus this till's member sales it has not acknowledged yet
      // (as stock: members.ts memberBalance).
      const pending = await unacknowledgedLoyaltyPoints(db);
      const rows = upserts.map((c) => parse('loyalty', c));
      const shown = (r: (typeof rows)[number]): number =>
        r.pointsBalance + (pending.get(r.customerId) ?? 0);
      await db.loyaltyBalances.bulkDelete(deletes);
      await db.loyaltyBalances.bulkPut(
        rows.map((r) => ({ customerId: r.customerId, pointsBalance: shown(r), pulledAt })),
      );
      return;
    }
  }
}
