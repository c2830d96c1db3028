// Loyalty points a member earns on a sale. Head office applies them to the
// member's balance in the same transaction that stores the sale (exactly once,
// like the stock moves); the till shows the same figure on the receipt.
import { currencyExponent, type CurrencyCode } from './currency';

/** Points earned per whole major unit paid (1 point per yuan, per dollar, per yen). */
export const LOYALTY_POINTS_PER_MAJOR_UNIT = 1;

/**
 * Points a sale of `totalMinor` (minor units of `currency`) earns: one per whole
 * major unit, rounded down (¥35.99 earns 35); none for a total of zero or less.
 */
export function loyaltyPointsEarned(totalMinor: number, currency: CurrencyCode): number {
  if (!Number.isSafeInteger(totalMinor)) {
    throw new RangeError(`A sale total must be a whole number of minor units, got ${totalMinor}`);
  }
  if (totalMinor <= 0) return 0;
  const perMajor = 10 ** currencyExponent(currency);
  return Math.floor(totalMinor / perMajor) * LOYALTY_POINTS_PER_MAJOR_UNIT;
}
