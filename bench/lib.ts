/** One benchmark figure as written to bench/results.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Nearest-rank percentile of samples (p in 0..100). Throws on no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Round to a readable number of decimals for the table and JSON. */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
