// Shared by head-office tests, the ingest benchmark and engine tests.
// Realistic sale documents for tests and the ingest benchmark: built with the
// domain's own buildSale, so their totals are what a real till would send.
import { v7 as uuidv7 } from 'uuid';
import {
  addProduct,
  buildSale,
  emptyCart,
  setLineDiscount,
  type Product,
  type Sale,
  type TaxRate,
} from '../../../domain';
import type { DocumentEnvelope } from '../index';

export const FIXTURE_TAX_RATES: TaxRate[] = [
  { id: 'vat13', name: 'VAT 13%', rateBasisPoints: 1300 },
  { id: 'vat9', name: 'VAT 9%', rateBasisPoints: 900 },
];

/** A product for fixtures: id `P000001`-style, price in fen. */
export function fixtureProduct(n: number, overrides: Partial<Product> = {}): Product {
  const id = `P${String(n).padStart(6, '0')}`;
  return {
    id,
    sku: `SKU${n}`,
    barcodes: [`69${String(n).padStart(11, '0')}`],
    name: `商品${n}`,
    nameEn: `Product ${n}`,
    priceMinor: 100 + ((n * 37) % 5000),
    currency: 'CNY',
    taxRateId: n % 3 === 0 ? 'vat9' : 'vat13',
    unit: n % 10 === 0 ? 'kg' : 'each',
    searchKeys: [`sku${n}`, 'product', String(n)],
    ...overrides,
  };
}

export interface SaleFixtureOptions {
  storeId: string;
  terminalId: string;
  storeCode?: string;
  terminalCode?: string;
  sequence: number;
  /** Products to pick lines from (default: fixtureProduct 1..50). */
  products?: readonly Product[];
  /** Lines on the sale (default 3 + sequence % 5). */
  lines?: number;
  createdAt?: string;
  id?: string;
}

const DEFAULT_PRODUCTS = Array.from({ length: 50 }, (_, i) => fixtureProduct(i + 1));

/** A complete, correctly priced sale as the till's domain would build it. */
export function fixtureSale(o: SaleFixtureOptions): Sale {
  const products = o.products ?? DEFAULT_PRODUCTS;
  const lineCount = o.lines ?? 3 + (o.sequence % 5);
  let cart = emptyCart('CNY');
  for (let i = 0; i < lineCount; i++) {
    const p = products[(o.sequence * 7 + i * 13) % products.length] as Product;
    const quantity = p.unit === 'kg' ? 250 + i * 10 : 1 + (i % 3);
    cart = addProduct(cart, p, { lineId: `L${i + 1}`, quantity, barcode: p.barcodes[0] ?? null });
  }
  if (o.sequence % 4 === 0) {
    const first = cart.lines[0];
    if (first) cart = setLineDiscount(cart, first.lineId, { kind: 'percent', basisPoints: 1000 });
  }
  const priced = buildSale({
    id: o.id ?? uuidv7(),
    storeId: o.storeId,
    terminalId: o.terminalId,
    storeCode: o.storeCode ?? 'S001',
    terminalCode: o.terminalCode ?? 'T01',
    sequence: o.sequence,
    cashierId: 'U001',
    createdAt: o.createdAt ?? '2026-11-23T10:15:00.000+08:00',
    cart,
    settings: {
      taxMode: 'inclusive',
      taxRounding: 'per_line',
      roundingMode: 'HALF_UP',
      taxRates: FIXTURE_TAX_RATES,
    },
    tenders: [{ kind: 'cash', amountMinor: 1_000_000 }],
  });
  return priced;
}

/** The sale wrapped in its push envelope. */
export function saleDocument(sale: Sale): DocumentEnvelope {
  return {
    id: sale.id,
    type: 'sale',
    terminalId: sale.terminalId,
    storeId: sale.storeId,
    sequence: sale.sequence,
    createdAt: sale.createdAt,
    body: sale,
  };
}
