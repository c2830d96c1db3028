// Helpers for tests of the local database: every test gets its own in-memory
// IndexedDB (fake-indexeddb) and a deterministic clock and id source.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { addProduct, emptyCart, type Cart, type Product } from '../../domain';
import { DEMO_PRICING_SETTINGS, DEMO_TERMINAL_IDENTITY } from './demo-catalogue';
import type { CompleteSaleDeps, CompleteSaleInput } from './complete-sale';
import { openTillDb, TillDb, type Customer, type TerminalIdentity } from './schema';

/**
 * A fresh database on its own IDBFactory; `reopen` gives a new connection to the same
 * data. It holds the demo terminal identity (so it can sell) unless `identity` is null.
 */
export async function freshDb(
  opts: { identity?: TerminalIdentity | null } = {},
): Promise<{ db: TillDb; reopen: () => Promise<TillDb> }> {
  const factory = new IDBFactory();
  const options = { indexedDB: factory, IDBKeyRange };
  const db = await openTillDb('till-test', options);
  const identity = opts.identity === undefined ? DEMO_TERMINAL_IDENTITY : opts.identity;
  if (identity) await db.meta.put({ key: 'terminal', value: identity });
  return { db, reopen: () => openTillDb('till-test', options) };
}

/** A clock that advances one second per call from 2026-11-23T10:00:00Z, and counter ids. */
export function testDeps(prefix = 'id'): CompleteSaleDeps & { ids: string[] } {
  let t = Date.UTC(2026, 10, 23, 10, 0, 0);
  let n = 0;
  const ids: string[] = [];
  return {
    ids,
    now: () => {
      t += 1000;
      return new Date(t).toISOString();
    },
    newId: () => {
      n += 1;
      const id = `${prefix}-${String(n).padStart(4, '0')}`;
      ids.push(id);
      return id;
    },
  };
}

export const COLA: Product = {
  id: 'p-cola',
  sku: 'COLA330',
  barcodes: ['6901234567892'],
  name: '可口可乐 330ml',
  nameEn: 'Coca-Cola 330ml',
  priceMinor: 350,
  currency: 'CNY',
  taxRateId: 'VAT13',
  unit: 'each',
  searchKeys: ['coca', 'cola', '330ml', 'kkkl', 'kekoukele', '可口可乐', 'cola330'],
};

export const APPLES: Product = {
  id: 'p-apples',
  sku: 'APPLE',
  barcodes: ['plu:00042'],
  name: '苹果(散装)',
  nameEn: 'Apples (loose)',
  priceMinor: 1290,
  currency: 'CNY',
  taxRateId: 'VAT9',
  unit: 'kg',
  searchKeys: ['apples', 'loose', 'pg', 'pingguo', '苹果', 'apple'],
};

/** A cart of `colas` × COLA plus 255 g of APPLES. */
export function sampleCart(colas = 2): Cart {
  let cart = emptyCart('CNY');
  cart = addProduct(cart, COLA, { lineId: 'l1', quantity: colas, barcode: COLA.barcodes[0] });
  cart = addProduct(cart, APPLES, { lineId: 'l2', quantity: 255 });
  return cart;
}

/** Sale input paying `cashMinor` in cash for `cart`. */
export function saleInput(cart: Cart, cashMinor = 100_000): CompleteSaleInput {
  return {
    cashierId: 'C01',
    cart,
    settings: DEMO_PRICING_SETTINGS,
    tenders: [{ kind: 'cash', amountMinor: cashMinor }],
  };
}

/** A loyalty member as pulled from head office: 张伟, phone 138-0013-8000. */
export const ZHANG_CUSTOMER: Customer = {
  id: 'c-zhang',
  name: '张伟',
  phone: '138-0013-8000',
  memberNo: 'M000001',
  pulledAt: '2026-11-23T08:00:00.000Z',
};

/** Put a pulled customer and its pulled points balance, as the sync pulls write them. */
export async function putMember(
  db: TillDb,
  customer: Customer,
  pointsBalance: number,
): Promise<void> {
  await db.customers.put(customer);
  await db.loyaltyBalances.put({
    customerId: customer.id,
    pointsBalance,
    pulledAt: customer.pulledAt,
  });
}
