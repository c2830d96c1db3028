import { describe, expect, it } from 'vitest';
import { SliceSizer } from './slice-sizer';

/** Write time of a slice on a till where a transaction costs `fixedMs` plus `perChangeMs` a change. */
function simulate(sizer: SliceSizer, fixedMs: number, perChangeMs: number, slices: number) {
  const sizes: number[] = [];
  for (let i = 0; i < slices; i++) {
    const n = sizer.size;
    sizes.push(n);
    sizer.record(n, fixedMs + n * perChangeMs);
  }
  return sizes;
}

describe('SliceSizer', () => {
  it('keeps the initial size when it has no budget', () => {
    const sizer = new SliceSizer({ initial: 100, min: 10, max: 1000, budgetMs: null });
    expect(simulate(sizer, 4, 0.01, 5)).toEqual([100, 100, 100, 100, 100]);
  });

  it('grows slices on a fast till until a transaction takes about the budget', () => {
    const sizer = new SliceSizer({ initial: 100, min: 10, max: 5000, budgetMs: 30 });
    const sizes = simulate(sizer, 4, 0.1, 40);
    // Growth is gradual (at most 1.5× a slice) …
    for (let i = 1; i < sizes.length; i++) {
      expect(sizes[i]).toBeLessThanOrEqual(Math.ceil((sizes[i - 1] as number) * 1.5));
    }
    // … and settles where 4 ms + n × 0.1 ms ≈ 30 ms, i.e. n ≈ 260.
    const last = sizes.at(-1) as number;
    expect(4 + last * 0.1).toBeGreaterThan(25);
    expect(4 + last * 0.1).toBeLessThanOrEqual(31);
  });

  it('shrinks at once on a slow till, never below min', () => {
    const sizer = new SliceSizer({ initial: 100, min: 20, max: 1000, budgetMs: 30 });
    const sizes = simulate(sizer, 4, 1, 10);
    expect(sizes[1]).toBeLessThan(40);
    expect(sizes.at(-1)).toBe(26);
    const crawling = new SliceSizer({ initial: 100, min: 20, max: 1000, budgetMs: 30 });
    expect(simulate(crawling, 50, 5, 5).at(-1)).toBe(20);
  });

  it('never exceeds max, and ignores slices it cannot learn from', () => {
    const sizer = new SliceSizer({ initial: 100, min: 10, max: 300, budgetMs: 30 });
    expect(Math.max(...simulate(sizer, 0, 0, 20))).toBe(300);
    const steady = new SliceSizer({ initial: 100, min: 10, max: 300, budgetMs: 30 });
    steady.record(0, 5);
    steady.record(50, Number.NaN);
    expect(steady.size).toBe(100);
  });
});
