import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay (full jitter)', () => {
  it('doubles the ceiling per failure from 1 s and caps it at 60 s', () => {
    const nearlyOne = () => 0.999_999;
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 40].map((f) =>
      backoffDelay(f, DEFAULT_BACKOFF, nearlyOne),
    );
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999]);
  });

  it('draws uniformly below the ceiling from the injected random source', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.25)).toBe(1000);
  });

  it('waits nothing before the first failure', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.9)).toBe(0);
  });
});
