import type { CurrencyCode } from './currency';
import { formatMoney, toMinor, type Minor } from './money';

/**
 * How the customer pays. Cash may exceed what is owed (change is given);
 * card is taken on an external terminal and its `reference` (the terminal's
 * transaction number) is required so the payment can be traced.
 */
export type Tender =
  { kind: 'cash'; amountMinor: number } | { kind: 'card'; amountMinor: number; reference: string };

/**
 * Where paying stands, in minor units. remainingMinor: still to pay (>= 0).
 * changeMinor: cash to hand back (>= 0). canComplete: the sale may finish.
 * problem: why it cannot yet, as a sentence for the cashier; null when it can.
 */
export interface TenderState {
  totalMinor: Minor;
  tenderedMinor: Minor;
  remainingMinor: Minor;
  changeMinor: Minor;
  canComplete: boolean;
  problem: string | null;
}

/** How evaluateTenders writes an amount in a sentence. */
interface MoneyText {
  currency: CurrencyCode;
  locale: string | undefined;
}

function money(minor: number, as: MoneyText): string {
  return formatMoney({ minor: toMinor(minor), currency: as.currency }, as.locale);
}

/**
 * Evaluate the tenders against a total. Non-cash tenders are exact: together
 * they must not exceed the total (a card is never "overpaid" into change).
 * Cash covers what non-cash leaves; change = cash − (total − non-cash), never
 * negative. Completable when tendered >= total, non-cash <= total and every
 * tender is well-formed (positive whole amount, card reference present).
 * `opts.currency`/`opts.locale` only shape the amounts in `problem`
 * (defaults CNY, zh-CN).
 */
export function evaluateTenders(
  totalMinor: number,
  tenders: readonly Tender[],
  opts: { currency?: CurrencyCode; locale?: string } = {},
): TenderState {
  const currency = opts.currency ?? 'CNY';
  const as: MoneyText = { currency, locale: opts.locale };
  const total = toMinor(totalMinor);
  let cash = 0;
  let nonCash = 0;
  // The first problem found is the one shown; `??=` builds a sentence only when it is.
  let problem: string | null = null;

  if (total < 0) problem ??= `The total ${money(total, as)} is negative; take it back as a refund`;
  for (const t of tenders) {
    const amount = toMinor(t.amountMinor);
    if (amount <= 0) problem ??= `Each payment must be more than ${money(0, as)}`;
    if (t.kind === 'cash') {
      cash += amount;
    } else {
      nonCash += amount;
      if (typeof t.reference !== 'string' || t.reference.trim() === '') {
        problem ??= `The card payment of ${money(amount, as)} needs the terminal's reference number`;
      }
    }
  }
  const tendered = toMinor(cash + nonCash);
  if (nonCash > total) {
    problem ??= `Card payments ${money(nonCash, as)} are more than the total ${money(total, as)}`;
  }
  if (tendered < total) {
    problem ??= `Tendered ${money(tendered, as)} does not cover the total ${money(total, as)}; ${money(total - tendered, as)} is still due`;
  }
  const owedInCash = Math.max(0, total - nonCash);
  return {
    totalMinor: total,
    tenderedMinor: tendered,
    remainingMinor: toMinor(Math.max(0, total - tendered)),
    changeMinor: toMinor(nonCash > total ? 0 : Math.max(0, cash - owedInCash)),
    canComplete: problem === null,
    problem,
  };
}
