// A loyalty member (会员) attached to a sale: how the number the cashier types or scans
// is read, and what the receipt says about the member's points. The member's balance is
// head office's, as the till last pulled it, plus this till's member sales not yet
// acknowledged; this sale's points are added on top.
import type { CurrencyCode } from './currency';
import { loyaltyPointsEarned } from './loyalty';
import type { ReceiptLoyalty } from './receipt/receipt-document';

/** Separators people type or print inside a phone number: spaces, dashes, dots, brackets. */
const PHONE_SEPARATORS = /[\s\-.()]/gu;

/**
 * A phone number as the till indexes and looks it up: full-width digits made ASCII
 * (NFKC), spaces, dashes, dots and brackets removed, and a China country code (+86,
 * 0086) dropped in front of an 11-digit mobile number, so "138-0013-8000",
 * "１３８ ００１３ ８０００" and "+86 138 0013 8000" are all "13800138000". Null when what
 * is left is not a phone number (digits, with an optional leading +).
 */
export function memberPhoneKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const compact = text.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  if (!/^\+?\d{3,}$/u.test(compact)) return null;
  const mobile = /^(?:\+86|0086)(1\d{10})$/u.exec(compact);
  return mobile ? (mobile[1] as string) : compact;
}

/**
 * A member number as typed or scanned, for an exact match: full-width characters made
 * ASCII (NFKC) and the ends trimmed. Null when nothing is left.
 */
export function memberNumberKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const key = text.normalize('NFKC').trim();
  return key === '' ? null : key;
}

/**
 * The loyalty block of a member's receipt: the points this sale earns
 * (loyaltyPointsEarned of its total, the figure head office adds when it stores the
 * sale), none redeemed, and the balance after it as far as the till knows: its
 * balance before the sale (last pulled, plus this till's member sales head office has
 * not acknowledged) plus this sale's points. Other tills' sales since that pull are
 * not in it.
 */
export function memberReceiptLoyalty(input: {
  memberName: string;
  /**
   * The member's balance before this sale as the till knows it: last pulled from head
   * office, plus this till's member sales head office has not acknowledged yet.
   */
  balanceBefore: number;
  /** The sale total, minor units of `currency`. */
  totalMinor: number;
  currency: CurrencyCode;
}): ReceiptLoyalty {
  if (!Number.isSafeInteger(input.balanceBefore)) {
    throw new RangeError(`A points balance must be a whole number, got ${input.balanceBefore}`);
  }
  const pointsEarned = loyaltyPointsEarned(input.totalMinor, input.currency);
  return {
    memberName: input.memberName,
    pointsEarned,
    pointsRedeemed: 0,
    pointsBalance: input.balanceBefore + pointsEarned,
  };
}
