// The till's loyalty ledger: one 'earn' entry per sale with a member, written in the sale
// transaction (completeSale). The receipt's loyalty block is read back from it, so the
// first print, the on-screen preview and every reprint tell the customer the same figures.
import { memberReceiptLoyalty } from '../../domain/member';
import type { ReceiptLoyalty } from '../../domain/receipt';
import type { Sale } from '../../domain';
import type { LoyaltyLedgerEntry, TillDb } from './schema';
import type { PulledBalance } from './members';

/** Ledger entry id of a sale's earned points (one per sale). */
export function earnEntryId(saleId: string): string {
  return `${saleId}:earn`;
}

/**
 * The 'earn' entry of a member's sale: the points it earns and the balance printed on its
 * receipt (the balance last pulled plus those points, domain memberReceiptLoyalty).
 */
export function earnEntry(
  sale: Sale,
  member: { customerId: string; name: string },
  balance: PulledBalance,
): LoyaltyLedgerEntry {
  const block = memberReceiptLoyalty({
    memberName: member.name,
    balanceBefore: balance.pointsBalance,
    totalMinor: sale.totals.total,
    currency: sale.currency,
  });
  return {
    id: earnEntryId(sale.id),
    kind: 'earn',
    saleId: sale.id,
    receiptNumber: sale.receiptNumber,
    customerId: member.customerId,
    memberName: member.name,
    points: block.pointsEarned,
    balanceBefore: balance.pointsBalance,
    pulledAt: balance.pulledAt,
    balanceAfter: block.pointsBalance,
    createdAt: sale.createdAt,
  };
}

/** The receipt's loyalty block for a ledger entry. */
export function receiptLoyaltyOfEntry(entry: LoyaltyLedgerEntry): ReceiptLoyalty {
  return {
    memberName: entry.memberName,
    pointsEarned: entry.points,
    pointsRedeemed: 0,
    pointsBalance: entry.balanceAfter,
  };
}

/** The loyalty block of a sale's receipt, or null for a sale without a member. */
export async function receiptLoyaltyOf(db: TillDb, saleId: string): Promise<ReceiptLoyalty | null> {
  const entry = await db.loyaltyLedger.get(earnEntryId(saleId));
  return entry ? receiptLoyaltyOfEntry(entry) : null;
}
