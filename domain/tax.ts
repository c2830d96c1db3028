import type { Minor } from './money';
import { allocateLargestRemainder, mulDivRounded, type RoundingMode } from './rounding';

/** A tax rate; `rateBasisPoints` is hundredths of a percent (1300 = 13 %). */
export interface TaxRate {
  id: string;
  name: string;
  rateBasisPoints: number;
}

/**
 * inclusive: shelf prices already contain the tax (China's default, 含税价);
 * the tax is carved out of each line. exclusive: prices are net and the tax
 * is added on top.
 */
export type TaxMode = 'inclusive' | 'exclusive';

/**
 * per_line: each line's tax is rounded on its own and the receipt tax is their
 * sum. per_receipt: the unrounded tax of all lines at one rate is rounded once
 * per rate, then handed back to the lines by largest remainder.
 */
export type TaxRounding = 'per_line' | 'per_receipt';

/** One row of the receipt's tax table; net + tax = gross, all in minor units. */
export interface TaxSummaryRow {
  taxRateId: string;
  rateBasisPoints: number;
  net: Minor;
  tax: Minor;
  gross: Minor;
}

/** Basis points in 100 %. */
export const BASIS_POINTS = 10_000;

/** Throws RangeError unless `bp` is a whole number of basis points between 0 and 100 000 (0–1000 %). */
export function assertRateBasisPoints(bp: number): void {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 100_000) {
    throw new RangeError(`A tax rate must be whole basis points from 0 to 100000, got ${bp}`);
  }
}

/**
 * Tax on one amount (minor units), rounded by `mode`.
 * inclusive: `amount` is gross and tax = amount × r / (10000 + r).
 * exclusive: `amount` is net and tax = amount × r / 10000.
 * Works for negative amounts (refunds): the result mirrors the positive case.
 */
export function taxOfAmount(
  amount: number,
  rateBasisPoints: number,
  taxMode: TaxMode,
  mode: RoundingMode,
): number {
  assertRateBasisPoints(rateBasisPoints);
  const denominator = taxMode === 'inclusive' ? BASIS_POINTS + rateBasisPoints : BASIS_POINTS;
  return mulDivRounded(amount, rateBasisPoints, denominator, mode);
}

/** One taxable amount: a line total (gross if inclusive, net if exclusive) and its rate. */
export interface TaxableAmount {
  amount: number;
  taxRateId: string;
  rateBasisPoints: number;
}

/**
 * The tax of each amount, in input order, by the chosen rounding policy.
 * per_line: {@link taxOfAmount} for each. per_receipt: for each rate id, the
 * amounts are summed, the tax of the sum is rounded once, and that tax is
 * allocated back to the amounts by largest remainder weighted by amount —
 * so the per-line taxes always add up to the per-rate tax exactly. Amounts
 * within one rate must not mix signs under per_receipt (a sale or a refund,
 * not both); a RangeError says so.
 */
export function taxesOfAmounts(
  amounts: readonly TaxableAmount[],
  taxMode: TaxMode,
  taxRounding: TaxRounding,
  mode: RoundingMode,
): number[] {
  if (taxRounding === 'per_line') {
    return amounts.map((a) => taxOfAmount(a.amount, a.rateBasisPoints, taxMode, mode));
  }
  const result = amounts.map(() => 0);
  const groups = new Map<string, number[]>();
  amounts.forEach((a, index) => {
    const group = groups.get(a.taxRateId);
    if (group === undefined) groups.set(a.taxRateId, [index]);
    else group.push(index);
  });
  for (const [taxRateId, indexes] of groups) {
    const members = indexes.map((i) => amounts[i] as TaxableAmount);
    const rate = (members[0] as TaxableAmount).rateBasisPoints;
    if (members.some((m) => m.rateBasisPoints !== rate)) {
      throw new RangeError(`Tax rate ${taxRateId} appears with two different rates`);
    }
    const hasPositive = members.some((m) => m.amount > 0);
    const hasNegative = members.some((m) => m.amount < 0);
    if (hasPositive && hasNegative) {
      throw new RangeError(
        `Per-receipt tax cannot mix sale and refund amounts at rate ${taxRateId}`,
      );
    }
    let sum = 0;
    for (const m of members) sum += m.amount;
    if (!Number.isSafeInteger(sum)) throw new RangeError('Taxable sum is beyond the safe range');
    const tax = taxOfAmount(sum, rate, taxMode, mode);
    const shares = allocateLargestRemainder(
      tax,
      members.map((m) => Math.abs(m.amount)),
    );
    indexes.forEach((lineIndex, k) => {
      result[lineIndex] = shares[k] ?? 0;
    });
  }
  return result;
}
