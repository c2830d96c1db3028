// Parked sales: a cart put aside (customer forgot their wallet) while the cashier serves
// the next customer. A parked sale stays in the table until the sale resumed from it
// completes (completeSale deletes it in the sale transaction) or it is discarded, so a
// crash while a resumed cart is on screen never loses it. Re-parking a resumed cart
// overwrites the same entry instead of making a duplicate.
import { computeTotals, type Cart, type PricingSettings } from '../../domain';
import type { AttachedMember, ParkedSale, TillDb } from './schema';

export interface ParkSaleInput {
  cart: Cart;
  cashierId: string;
  settings: PricingSettings;
  note?: string | null;
  /** Set when re-parking a cart that was resumed from this parked sale. */
  id?: string | null;
  /** The loyalty member attached to the sale; it comes back with it on resume. */
  member?: AttachedMember | null;
}

export interface ParkDeps {
  now(): string;
  newId(): string;
}

/** Put a cart aside. Throws when there is nothing to park. */
export async function parkSale(
  db: TillDb,
  input: ParkSaleInput,
  deps: ParkDeps,
): Promise<ParkedSale> {
  const totals = computeTotals(input.cart, input.settings);
  if (totals.itemCount === 0) throw new Error('There is nothing to park: the cart is empty');
  const parked: ParkedSale = {
    id: input.id ?? deps.newId(),
    parkedAt: deps.now(),
    cashierId: input.cashierId,
    cart: input.cart,
    note: input.note ?? null,
    itemCount: totals.itemCount,
    totalMinor: totals.total,
    currency: input.cart.currency,
    member: input.member ?? null,
  };
  await db.parkedSales.put(parked);
  return parked;
}

/** Parked sales, oldest first. */
export async function listParked(db: TillDb): Promise<ParkedSale[]> {
  return db.parkedSales.orderBy('parkedAt').toArray();
}

/**
 * Fetch a parked sale to put back on screen. It is NOT deleted here: pass its id to
 * completeSale (parkedSaleId) or call discardParked. Throws if it is gone.
 */
export async function resumeParked(db: TillDb, id: string): Promise<ParkedSale> {
  const parked = await db.parkedSales.get(id);
  if (!parked) throw new Error('That parked sale is no longer there');
  return parked;
}

export async function discardParked(db: TillDb, id: string): Promise<void> {
  await db.parkedSales.delete(id);
}
