// A deterministic synthetic catalogue for the sync benchmarks: product i is
// the same record wherever it is built (head office seeding in Node, the bare
// IndexedDB load in Chromium), so both loads write the same records.
import { ean13CheckDigit, type Product, type TaxRate } from '../domain';

export const BENCH_TAX_RATES: TaxRate[] = [
  { id: 'VAT13', name: '增值税 13% VAT', rateBasisPoints: 1300 },
  { id: 'VAT9', name: '增值税 9% VAT', rateBasisPoints: 900 },
];

const WORDS = ['tea', 'rice', 'noodles', 'soy', 'milk', 'tofu', 'oil', 'salt', 'sugar', 'beer'];
const HANZI = ['茶', '米', '面条', '酱油', '牛奶', '豆腐', '油', '盐', '糖', '啤酒'];
const INITIALS = ['c', 'm', 'mt', 'jy', 'nn', 'df', 'y', 'y', 't', 'pj'];

/** EAN-13 of product i: prefix 69 (China) + 10 digits of i + check digit. */
export function benchBarcode(i: number): string {
  const body = `69${String(i).padStart(10, '0')}`;
  return body + String(ean13CheckDigit(body));
}

export function benchProduct(i: number): Product {
  const w = i % WORDS.length;
  const sku = `SKU${String(i).padStart(7, '0')}`;
  return {
    id: `p${String(i).padStart(7, '0')}`,
    sku,
    barcodes: [benchBarcode(i)],
    name: `${HANZI[w]} ${i}`,
    nameEn: `${WORDS[w]} ${i}`,
    priceMinor: 100 + (i % 5000),
    currency: 'CNY',
    taxRateId: i % 3 === 0 ? 'VAT9' : 'VAT13',
    unit: 'each',
    searchKeys: [WORDS[w] as string, INITIALS[w] as string, sku.toLowerCase()],
  };
}
