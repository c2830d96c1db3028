import type { CurrencyCode } from './currency';

/** 'each': counted items, quantity is a count. 'kg': price is per kilogram, quantity is grams. */
export type SaleUnit = 'each' | 'kg';

/** A catalogue item as the till sells it. Prices are in minor units of `currency`. */
export interface Product {
  id: string;
  sku: string;
  barcodes: string[];
  name: string;
  nameEn: string;
  /** Minor units per item ('each') or per kilogram ('kg'); in the store's price basis (gross if tax-inclusive). */
  priceMinor: number;
  currency: CurrencyCode;
  taxRateId: string;
  unit: SaleUnit;
  /** Lower-case tokens for prefix search: english words, pinyin initials, sku. */
  searchKeys: string[];
}

/** Grams in one kilogram: weighed lines are priced per kg but counted in grams. */
export const GRAMS_PER_KG = 1000;
