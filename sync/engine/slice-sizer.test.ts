import fc from 'fast-check';
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

describe('SliceSizer.nextSlice', () => {
  it('cuts a page into as few slices as the size allows, of equal length (±1), covering it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (size, page) => {
          const sizer = new SliceSizer({ initial: size, min: 1, max: 5000, budgetMs: null });
          const slices: number[] = [];
          for (let left = page; left > 0;) {
            const n = sizer.nextSlice(left);
            slices.push(n);
            left -= n;
          }
          expect(slices.reduce((a, b) => a + b, 0)).toBe(page);
          expect(slices.length).toBe(Math.ceil(page / size));
          expect(Math.max(...slices)).toBeLessThanOrEqual(size);
          expect(Math.max(...slices) - Math.min(...slices)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('does not leave a short last slice: 1,000 changes at a size of 400 are 334 + 333 + 333', () => {
    const sizer = new SliceSizer({ initial: 400, min: 1, max: 5000, budgetMs: null });
    expect(sizer.nextSlice(1000)).toBe(334);
    expect(sizer.nextSlice(666)).toBe(333);
    expect(sizer.nextSlice(333)).toBe(333);
    expect(sizer.nextSlice(0)).toBe(0);
  });
});
