// CSV catalogue files → the CatalogueImport shape, with a row number and a
// reason for every row that cannot be read (the header is row 1). Nothing is
// imported from a file with any bad row.
//
// products:  id,sku,barcodes,name,name_en,price,currency,tax_rate_id,unit,search_keys,deleted
//            barcodes and search_keys separated by "|"; price in major units ("12.50");
//            currency defaults to CNY, unit to each; deleted=true makes a tombstone.
// taxRates:  id,name,rate_basis_points          (1300 = 13 %)
// stock:     store_code,product_id,quantity     (count, or grams for kg products)
import { pinyin } from 'pinyin-pro';
import { isCurrencyCode, parseMoney } from '../../domain';
import {
  catalogueImportSchema,
  productSchema,
  stockImportRowSchema,
  taxRateSchema,
  type CatalogueImport,
  type ErrorDetail,
} from '../protocol';

export type CsvKind = 'products' | 'taxRates' | 'stock';

const REQUIRED: Record<CsvKind, string[]> = {
  products: ['id', 'sku', 'name', 'price', 'tax_rate_id'],
  taxRates: ['id', 'name', 'rate_basis_points'],
  stock: ['store_code', 'product_id', 'quantity'],
};

/** Split CSV text into rows of fields (RFC 4180: quotes, doubled quotes, CRLF, newlines in quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Lower-case search tokens: English words, sku, and pinyin initials of the Chinese name. */
export function searchKeysFor(name: string, nameEn: string, sku: string): string[] {
  const keys = new Set<string>();
  for (const w of nameEn.toLowerCase().split(/[^a-z0-9]+/)) if (w) keys.add(w);
  keys.add(sku.toLowerCase());
  const initials = pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'removed',
  }).join('');
  if (initials) keys.add(initials.toLowerCase());
  return [...keys];
}

const split = (s: string | undefined): string[] =>
  (s ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== '');

function issueText(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  return i ? `${i.path.map(String).join('.') || 'row'}: ${i.message}` : 'invalid';
}

export function parseCatalogueCsv(
  text: string,
  kind: CsvKind,
): { ok: true; value: CatalogueImport } | { ok: false; errors: ErrorDetail[] } {
  const rows = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED[kind].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [{ row: 1, message: `The header lacks column(s): ${missing.join(', ')}` }],
    };
  }
  const errors: ErrorDetail[] = [];
  const out: CatalogueImport = catalogueImportSchema.parse({});
  rows.slice(1).forEach((fields, i) => {
    const rowNo = i + 2;
    const get = (c: string): string => (fields[header.indexOf(c)] ?? '').trim();
    if (fields.length !== header.length) {
      errors.push({
        row: rowNo,
        message: `Expected ${header.length} fields, found ${fields.length}`,
      });
      return;
    }
    try {
      if (kind === 'taxRates') {
        const r = taxRateSchema.safeParse({
          id: get('id'),
          name: get('name'),
          rateBasisPoints: Number(get('rate_basis_points')),
        });
        if (!r.success) errors.push({ row: rowNo, message: issueText(r.error) });
        else out.taxRates.push(r.data);
      } else if (kind === 'stock') {
        const q = get('quantity');
        const r = stockImportRowSchema.safeParse({
          storeCode: get('store_code'),
          productId: get('product_id'),
          quantity: /^-?\d+$/.test(q) ? Number(q) : Number.NaN,
        });
        if (!r.success) errors.push({ row: rowNo, message: issueText(r.error) });
        else out.stock.push(r.data);
      } else {
        if (['true', '1', 'yes'].includes(get('deleted').toLowerCase())) {
          if (get('id') === '')
            errors.push({ row: rowNo, message: 'id: a deleted row needs the product id' });
          else out.deleteProductIds.push(get('id'));
          return;
        }
        const currency = get('currency') || 'CNY';
        if (!isCurrencyCode(currency)) {
          errors.push({
            row: rowNo,
            message: `currency: "${currency}" is not a supported currency`,
          });
          return;
        }
        const name = get('name');
        const nameEn = get('name_en');
        const sku = get('sku');
        const keys = split(get('search_keys'));
        const r = productSchema.safeParse({
          id: get('id'),
          sku,
          barcodes: split(get('barcodes')),
          name,
          nameEn,
          priceMinor: parseMoney(get('price'), currency).minor,
          currency,
          taxRateId: get('tax_rate_id'),
          unit: get('unit') || 'each',
          searchKeys:
            keys.length > 0 ? keys.map((k) => k.toLowerCase()) : searchKeysFor(name, nameEn, sku),
        });
        if (!r.success) errors.push({ row: rowNo, message: issueText(r.error) });
        else out.products.push(r.data);
      }
    } catch (err) {
      errors.push({
        row: rowNo,
        message: `${kind === 'products' ? 'price: ' : ''}${(err as Error).message}`,
      });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

/**
 * Problems of a JSON catalogue as row-numbered details: `products[3].priceMinor`
 * becomes row 4 of `products` (1-based, as a person counts entries).
 */
export function catalogueJsonIssues(error: {
  issues: { path: PropertyKey[]; message: string }[];
}): ErrorDetail[] {
  return error.issues.slice(0, 50).map((i) => {
    const [section, index, ...rest] = i.path.map(String);
    const path = i.path.map(String).join('.');
    if (section !== undefined && index !== undefined && /^\d+$/.test(index)) {
      const field = rest.length > 0 ? `${rest.join('.')}: ` : '';
      return {
        row: Number(index) + 1,
        path,
        message: `${section} row ${Number(index) + 1}: ${field}${i.message}`,
      };
    }
    return { path, message: `${path || 'catalogue'}: ${i.message}` };
  });
}
