import { describe, expect, it } from 'vitest';
import { checkStorage, ensurePersistentStorage, formatBytes, startStorage } from './storage';

const GB = 1024 ** 3;

describe('storage', () => {
  it('asks for persistence only when not yet persisted', async () => {
    let asked = 0;
    const granted = { persisted: async () => true, persist: async () => (asked += 1) > 0 };
    expect(await ensurePersistentStorage(granted)).toBe(true);
    expect(asked).toBe(0);
    const fresh = { persisted: async () => false, persist: async () => (asked += 1) > 0 };
    expect(await ensurePersistentStorage(fresh)).toBe(true);
    expect(asked).toBe(1);
    expect(await ensurePersistentStorage(null)).toBe(false);
  });

  it('warns at 80 % of the quota and not below', async () => {
    const at = (usage: number) => ({ estimate: async () => ({ usage, quota: 10 * GB }) });
    expect((await checkStorage(at(7.9 * GB))).warning).toBeNull();
    const full = await checkStorage(at(8 * GB));
    expect(full.usedFraction).toBeCloseTo(0.8);
    expect(full.warning).toBe(
      'Storage is 80 % full (8.0 GB of 10 GB). Keep the till online so synced sales can be cleared, or call support.',
    );
  });

  it('reports unknown usage without warning when the browser gives no estimate', async () => {
    expect(await checkStorage({})).toEqual({
      usageBytes: null,
      quotaBytes: null,
      usedFraction: null,
      warning: null,
    });
  });

  it('at start combines persistence and quota, and says when persistence was refused', async () => {
    const status = await startStorage({
      persisted: async () => false,
      persist: async () => false,
      estimate: async () => ({ usage: 1024, quota: 10 * GB }),
    });
    expect(status.persisted).toBe(false);
    expect(status.warning).toMatch(/persistent storage was refused/);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(850 * 1024 * 1024)).toBe('850 MB');
  });
});
