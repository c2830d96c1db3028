// Loyalty members (会员) on this till: the cashier types or scans a member number or a
// phone number and the sale is attached to that member. The customers table can hold a
// whole chain's members, so every lookup goes to an index (`memberNo`, `phoneKey`) and
// reads at most two rows; nothing here loads the table.
import { memberNumberKey, memberPhoneKey } from '../../domain/member';
import type { AttachedMember, Customer, TillDb } from './schema';

/** A member's points balance as the till shows it (memberBalance). */
export interface PulledBalance {
  pointsBalance: number;
  /** When it was pulled; null when head office has sent no balance for the member. */
  pulledAt: string | null;
}

export type MemberLookup =
  | { kind: 'found'; member: AttachedMember }
  /** Nothing was typed. */
  | { kind: 'empty' }
  /** No member has this number or phone. */
  | { kind: 'unknown'; text: string }
  /** Several members share this phone number: the member number tells them apart. */
  | { kind: 'ambiguous'; text: string };

/**
 * The balance the till shows for a member (ARCHITECTURE.md, "Loyalty"), as it keeps it
 * in `loyaltyBalances`: head office's balance as last pulled plus the points of this
 * till's member sales head office has not acknowledged yet — a loyalty pull writes
 * that sum (collections.ts, unacknowledgedLoyaltyPoints) and completeSale adds each
 * new sale's points, as stock does with quantities. 0 while head office has sent
 * none; `pulledAt` is when head office's figure was pulled (null: never).
 */
export async function memberBalance(db: TillDb, customerId: string): Promise<PulledBalance> {
  const row = await db.loyaltyBalances.get(customerId);
  return row
    ? { pointsBalance: row.pointsBalance, pulledAt: row.pulledAt }
    : { pointsBalance: 0, pulledAt: null };
}

/**
 * Find the member a typed or scanned text names: first an exact member number (after
 * trimming, domain memberNumberKey), then a phone number however it is spaced or dashed
 * (domain memberPhoneKey against the phone key every customer row carries). A member
 * number wins over a phone that happens to be the same digits.
 */
export async function findMember(db: TillDb, text: string): Promise<MemberLookup> {
  const shown = text.trim();
  const number = memberNumberKey(text);
  if (number === null) return { kind: 'empty' };
  const byNumber = await db.customers.where('memberNo').equals(number).limit(2).toArray();
  if (byNumber.length === 1) return found(db, byNumber[0] as Customer);
  // Head office's member numbers are unique; two rows with one would be a data error
  // there, so neither is guessed at.
  if (byNumber.length > 1) return { kind: 'ambiguous', text: shown };
  const phone = memberPhoneKey(text);
  if (phone === null) return { kind: 'unknown', text: shown };
  const byPhone = await db.customers.where('phoneKey').equals(phone).limit(2).toArray();
  if (byPhone.length === 1) return found(db, byPhone[0] as Customer);
  if (byPhone.length > 1) return { kind: 'ambiguous', text: shown };
  return { kind: 'unknown', text: shown };
}

async function found(db: TillDb, customer: Customer): Promise<MemberLookup> {
  const balance = await memberBalance(db, customer.id);
  return {
    kind: 'found',
    member: {
      customerId: customer.id,
      name: customer.name,
      memberNo: customer.memberNo ?? null,
      phone: customer.phone,
      pointsBalance: balance.pointsBalance,
      balancePulledAt: balance.pulledAt,
    },
  };
}

/** What the cashier is told when a lookup finds no single member; null when it did. */
export function memberLookupProblem(lookup: MemberLookup): string | null {
  switch (lookup.kind) {
    case 'found':
      return null;
    case 'empty':
      return 'Type or scan a member number or phone number';
    case 'unknown':
      return `No member with number or phone ${lookup.text} — check the number, or ask head office to add the member`;
    case 'ambiguous':
      return `Several members have ${lookup.text} — use the member number instead`;
  }
}
