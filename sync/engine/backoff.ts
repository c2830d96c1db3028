// Retry delays for transient failures (network down, timeouts, 5xx).

export interface BackoffPolicy {
  /** First retry ceiling, ms. */
  baseMs: number;
  /** Largest ceiling, ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * "Full jitter" exponential backoff: a delay drawn uniformly from
 * [0, min(cap, base · 2^(failures−1))] ms, so a shop's tills coming back
 * together do not hammer head office in lockstep. `random` returns [0, 1).
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number,
): number {
  if (failures <= 0) return 0;
  // Cap the exponent so 2^n never overflows into Infinity for long outages.
  const exponent = Math.min(failures - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
