// Seed a till database for the demo: terminal identity, tax rates, pricing settings, two
// demo loyalty members (into an empty customers table only) and `count` demo products,
// each with a stock row unless told not to (the 1M-product bench seeds without: stock rows
// double the writes). Leaves sequences, sales and the audit journal alone, so seeding
// again (e.g. a bigger catalogue) never disturbs receipt numbering.
import { seedCatalogue, type SeedProgress } from './catalogue';
import {
  DEMO_PRICING_SETTINGS,
  DEMO_TAX_RATES,
  DEMO_TERMINAL_IDENTITY,
  demoStock,
  iterateDemoProducts,
} from './demo-catalogue';
import { seedDemoMembers } from './demo-members';
import type { TillDb } from './schema';

export async function seedDemo(
  db: TillDb,
  count: number,
  onProgress?: (progress: SeedProgress) => void,
  options: { stock?: boolean } = {},
): Promise<number> {
  await db.transaction('rw', [db.taxRates, db.meta], async () => {
    await Promise.all([
      db.taxRates.bulkPut(DEMO_TAX_RATES),
      db.meta.put({ key: 'terminal', value: DEMO_TERMINAL_IDENTITY }),
      db.meta.put({ key: 'pricingSettings', value: DEMO_PRICING_SETTINGS }),
    ]);
  });
  await seedDemoMembers(db);
  return seedCatalogue(
    db,
    iterateDemoProducts(count),
    (p) => onProgress?.({ done: p.done, total: count }),
    options.stock === false ? {} : { stockOf: (index) => demoStock(index) },
  );
}
