// Stock figures for the demo catalogue: deterministic per product index (no randomness,
// so two runs and the tests agree), varied enough that the low-stock page has something
// to show. Units as head office stores them: a count for 'each', GRAMS for 'kg'.
import type { SaleUnit } from '../../domain';

/** Every LOW_EVERY-th product is nearly sold out. */
const LOW_EVERY = 50;

export function demoStockQuantity(index: number, unit: SaleUnit): number {
  if (unit === 'kg') return 5_000 + (index % 16) * 1_250; // 5 kg .. 23.75 kg, in grams
  if (index % LOW_EVERY === 3) return 2;
  return 24 + ((index * 37) % 120); // 24 .. 143 items
}
