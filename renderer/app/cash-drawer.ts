// The cash drawer, reached through the TillHost `drawer:open` call (the printer's drawer
// port on the host side). Two reasons open it: a completed sale with a cash tender, and a
// "No sale" (change for the float, a customer's question) which leaves a trace in the
// hash-chained audit journal BEFORE the drawer moves, so no opening can go unrecorded.
// Never throws: every outcome is a value with a sentence for the cashier.
import type { Sale } from '../../domain';
import type { TillHost } from '../../hardware/contract/till-host';
import { appendAudit } from '../db/audit';
import type { TillDb } from '../db/schema';

export type DrawerOutcome =
  { ok: true; printerId: string; openedAt: string } | { ok: false; code: string; message: string };

export interface CashDrawerDeps {
  host: Pick<TillHost, 'drawerOpen'>;
  db: TillDb;
  /** ISO-8601 clock, for audit entries. */
  now(): string;
}

/** Audit entry types written here (the sale itself is audited by completeSale). */
export const NO_SALE_AUDIT = 'drawer.no_sale';
export const NO_SALE_FAILED_AUDIT = 'drawer.no_sale_failed';

/** Did the customer hand over cash? Only then does the drawer open for a sale. */
export function saleTakesCash(sale: Pick<Sale, 'tenders'>): boolean {
  return sale.tenders.some((t) => t.kind === 'cash' && t.amountMinor > 0);
}

function failed(code: string, message: string): DrawerOutcome {
  return { ok: false, code, message };
}

/** Opens the drawer for a completed cash sale; null when the sale took no cash. */
export async function openDrawerForSale(
  deps: CashDrawerDeps,
  sale: Pick<Sale, 'id' | 'cashierId' | 'tenders'>,
): Promise<DrawerOutcome | null> {
  if (!saleTakesCash(sale)) return null;
  const reply = await deps.host.drawerOpen({
    reason: 'cash_tender',
    userId: sale.cashierId,
    saleId: sale.id,
    printerId: null,
  });
  if (!reply.ok) {
    return failed(reply.error.code, `Cash drawer did not open — ${reply.error.message}`);
  }
  return { ok: true, ...reply.value };
}

/**
 * "No sale": audit first, then open. A failed opening is audited too, so the journal
 * tells the manager about every attempt.
 */
export async function openDrawerNoSale(
  deps: CashDrawerDeps,
  userId: string,
): Promise<DrawerOutcome> {
  const requestedAt = deps.now();
  try {
    await appendAudit(
      deps.db,
      { type: NO_SALE_AUDIT, actorId: userId, refId: null, data: { requestedAt } },
      requestedAt,
    );
  } catch (error) {
    // An unaudited no-sale is exactly what the journal exists to prevent: do not open.
    const why = error instanceof Error ? error.message : String(error);
    return failed('audit_failed', `No sale not recorded, so the drawer stays shut — ${why}`);
  }
  const reply = await deps.host.drawerOpen({
    reason: 'no_sale',
    userId,
    saleId: null,
    printerId: null,
  });
  if (reply.ok) return { ok: true, ...reply.value };
  const at = deps.now();
  try {
    await appendAudit(
      deps.db,
      {
        type: NO_SALE_FAILED_AUDIT,
        actorId: userId,
        refId: null,
        data: { code: reply.error.code, message: reply.error.message },
      },
      at,
    );
  } catch {
    // The attempt is already in the journal; the cashier still hears why it failed.
  }
  return failed(reply.error.code, `Cash drawer did not open — ${reply.error.message}`);
}
