import { toMinor, type Minor } from './money';
import { divideRounded, type RoundingMode } from './rounding';

/**
 * Cash rounding (抹零): what to take in cash when the smallest coins are not
 * used. `incrementMinor` is the smallest step handed over (CNY: 10 = one jiao,
 * 100 = one yuan; CHF-style 5). Returns the payable amount and the adjustment
 * (payable − total, minor units) that the receipt shows as its own line —
 * prices, discounts and tax are never changed by it. A refund (negative
 * total) rounds as the mirror image of the sale.
 */
export function cashRounding(
  totalMinor: number,
  incrementMinor: number,
  mode: RoundingMode,
): { payableMinor: Minor; adjustmentMinor: Minor } {
  const total = toMinor(totalMinor);
  if (!Number.isSafeInteger(incrementMinor) || incrementMinor < 1) {
    throw new RangeError(`A cash rounding step must be a whole number of at least 1 minor unit`);
  }
  const payable = toMinor(divideRounded(total, incrementMinor, mode) * incrementMinor);
  return { payableMinor: payable, adjustmentMinor: toMinor(payable - total) };
}
