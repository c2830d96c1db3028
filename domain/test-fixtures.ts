// Small catalogue and settings shared by the domain tests (and handy for other
// folders' tests). Prices are minor units; rates are basis points.
import type { PricingSettings } from './cart';
import type { CurrencyCode } from './currency';
import type { Product, SaleUnit } from './product';
import type { TaxRate } from './tax';

export const VAT13: TaxRate = { id: 'vat13', name: '增值税 13%', rateBasisPoints: 1300 };
export const VAT9: TaxRate = { id: 'vat9', name: '增值税 9%', rateBasisPoints: 900 };
export const ZERO: TaxRate = { id: 'zero', name: '免税', rateBasisPoints: 0 };

export function settings(over: Partial<PricingSettings> = {}): PricingSettings {
  return {
    taxMode: 'inclusive',
    taxRounding: 'per_line',
    roundingMode: 'HALF_UP',
    taxRates: [VAT13, VAT9, ZERO],
    ...over,
  };
}

export function product(
  id: string,
  priceMinor: number,
  taxRateId: string,
  over: { unit?: SaleUnit; currency?: CurrencyCode; name?: string } = {},
): Product {
  return {
    id,
    sku: `SKU-${id}`,
    barcodes: [],
    name: over.name ?? id,
    nameEn: over.name ?? id,
    priceMinor,
    currency: over.currency ?? 'CNY',
    taxRateId,
    unit: over.unit ?? 'each',
    searchKeys: [id.toLowerCase()],
  };
}
