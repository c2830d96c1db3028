import { describe, expect, it } from 'vitest';
import { DEMO_TAX_RATES, DEMO_TERMINAL_IDENTITY } from './demo-catalogue';
import { seedDemo } from './demo-seed';
import { loadTillConfig } from './terminal-config';
import { freshDb } from './test-support';

describe('loadTillConfig', () => {
  it('reads the demo identity and settings', async () => {
    const { db } = await freshDb();
    await seedDemo(db, 1);
    const config = await loadTillConfig(db);
    expect(config.terminal).toEqual(DEMO_TERMINAL_IDENTITY);
    expect(config.settings.taxMode).toBe('inclusive');
    expect(config.settings.taxRates).toHaveLength(2);
    expect(config.currency).toBe('CNY');
  });

  it('prices an enrolled till with pulled tax rates and China defaults when no settings are stored', async () => {
    const { db } = await freshDb();
    await db.meta.put({ key: 'terminal', value: DEMO_TERMINAL_IDENTITY });
    await expect(loadTillConfig(db)).rejects.toThrow(
      'This till has no tax rates yet — connect it to head office once',
    );
    await db.taxRates.bulkPut(DEMO_TAX_RATES.slice(0, 1));
    const config = await loadTillConfig(db);
    expect(config.settings).toEqual({
      taxMode: 'inclusive',
      taxRounding: 'per_line',
      roundingMode: 'HALF_UP',
      taxRates: [DEMO_TAX_RATES[0]],
    });
  });

  it('explains a missing or damaged identity', async () => {
    const { db } = await freshDb({ identity: null });
    await expect(loadTillConfig(db)).rejects.toThrow('This till is not enrolled yet');
    await db.meta.put({ key: 'terminal', value: { storeId: 'S001' } });
    await expect(loadTillConfig(db)).rejects.toThrow("The till's identity record is damaged");
  });
});
