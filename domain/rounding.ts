/**
 * Named rounding for integer money arithmetic. UP and DOWN mean away from and
 * towards zero, so a refund (negative amount) rounds as the mirror image of
 * the sale it reverses under every mode.
 */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'HALF_DOWN' | 'UP' | 'DOWN';

export const ROUNDING_MODES: readonly RoundingMode[] = [
  'HALF_UP',
  'HALF_EVEN',
  'HALF_DOWN',
  'UP',
  'DOWN',
];

function assertSafeInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(n)}`);
  }
}

/** Round the exact quotient q + r/d (q truncated, 0 <= r < d, all magnitudes) away from zero or not. */
function roundsAway(r: bigint, d: bigint, q: bigint, mode: RoundingMode): boolean {
  if (r === 0n) return false;
  switch (mode) {
    case 'UP':
      return true;
    case 'DOWN':
      return false;
    case 'HALF_UP':
      return 2n * r >= d;
    case 'HALF_DOWN':
      return 2n * r > d;
    case 'HALF_EVEN':
      return 2n * r > d || (2n * r === d && q % 2n === 1n);
    default: {
      const never: never = mode;
      throw new RangeError(`Unknown rounding mode ${String(never)}`);
    }
  }
}

/** Exact `n / d` rounded by `mode`, on BigInts (no size limit). */
export function divideRoundedBig(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('Cannot divide by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = an / ad;
  const r = an % ad;
  const magnitude = roundsAway(r, ad, q, mode) ? q + 1n : q;
  return negative ? -magnitude : magnitude;
}

function toSafeNumber(x: bigint): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Result ${x.toString()} is beyond the safe integer range`);
  }
  return n === 0 ? 0 : n;
}

/**
 * `numerator / denominator` rounded to an integer by `mode`, exactly: the
 * arguments are safe integers and the division runs on BigInt, so no float
 * error can move a half. Negative values round symmetrically (HALF_UP of
 * -2.5 is -3). Throws RangeError for a zero denominator or unsafe input.
 */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  assertSafeInteger(numerator, 'Numerator');
  assertSafeInteger(denominator, 'Denominator');
  return toSafeNumber(divideRoundedBig(BigInt(numerator), BigInt(denominator), mode));
}

/**
 * `a * b / d` rounded by `mode`, with the product taken exactly on BigInt so
 * that e.g. price (minor) × grams or amount × basis points may exceed 2^53.
 */
export function mulDivRounded(a: number, b: number, d: number, mode: RoundingMode): number {
  assertSafeInteger(a, 'Multiplicand');
  assertSafeInteger(b, 'Multiplier');
  assertSafeInteger(d, 'Denominator');
  return toSafeNumber(divideRoundedBig(BigInt(a) * BigInt(b), BigInt(d), mode));
}

/**
 * Split the integer `total` into integer shares proportional to `weights`
 * (non-negative safe integers) that sum exactly to `total` — the largest
 * remainder (Hamilton) method: every share is the exact proportion truncated
 * towards zero, and the units left over go one each to the largest
 * fractional remainders, ties to the earliest index. Each share is therefore
 * within 1 of its exact proportion. A negative total is split as the mirror
 * image of the positive one. All-zero weights spread the total evenly.
 * Deterministic: same input, same output.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'Total');
  for (const w of weights) {
    assertSafeInteger(w, 'Weight');
    if (w < 0) throw new RangeError(`Weights must not be negative, got ${w}`);
  }
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError(`Cannot allocate ${total} over no shares`);
  }
  const allZero = weights.every((w) => w === 0);
  const ws = weights.map((w) => BigInt(allZero ? 1 : w));
  const sumW = ws.reduce((a, b) => a + b, 0n);
  const magnitude = BigInt(Math.abs(total));
  const shares = ws.map((w) => (magnitude * w) / sumW);
  const remainders = ws.map((w, index) => ({ index, r: (magnitude * w) % sumW }));
  let leftover = magnitude - shares.reduce((a, b) => a + b, 0n);
  // Largest remainder first; equal remainders keep index order (earliest wins).
  remainders.sort((x, y) => (x.r === y.r ? x.index - y.index : x.r > y.r ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  return shares.map((s) => {
    const n = sign * Number(s);
    return n === 0 ? 0 : n;
  });
}
