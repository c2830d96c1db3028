// Stock shown at the till: head office's last pulled quantity minus the local
// sales head office has not acknowledged yet.
//
// The stock row holds exactly that figure at all times: a pull writes
// (pulled − unacknowledged sales) in the page's transaction, and completeSale
// subtracts each new sale in the sale's transaction. When head office
// acknowledges a sale its own figure includes it, so the next pull of that
// product leaves nothing to subtract. Reading it is therefore one indexed get,
// not a walk over the outbox.
import type { TillDb } from '../db/schema';

/**
 * Quantity on hand as the till knows it — a count for 'each' products, grams for
 * 'kg' ones — or null when head office has never sent stock for the product and
 * nothing has been sold.
 */
export async function availableStock(db: TillDb, productId: string): Promise<number | null> {
  const row = await db.stock.get(productId);
  return row ? row.quantity : null;
}
