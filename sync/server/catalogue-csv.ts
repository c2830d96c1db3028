// CSV catalogue files → the CatalogueImport shape, with a row number and a
// reason for every row that cannot be read (the header is row 1). Nothing is
// imported from a file with any bad row.
//
// products:  id,sku,barcodes,name,name_en,price,currency,tax_rate_id,unit,search_keys,deleted
//            barcodes and search_keys separated by "|"; price in major units ("12.50");
//            currency defaults to CNY, unit to each; deleted=true makes a tombstone.
// taxRates:  id,name,rate_basis_points          (1300 = 13 %)
// stock:     store_code,product_id,quantity     (count, or grams for kg products)
//
// Whole-number cells go through parseWholeNumber, amounts through the domain's
// parseMoney: never Number(), which reads "" as 0 and accepts "0x514" and "1e3".
import { pinyin } from 'pinyin-pro';
import { isCurrencyCode, normaliseDigits, parseMoney } from '../../domain';
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

/**
 * A whole number typed in a CSV cell: digits only, ASCII or full-width (as a
 * Chinese IME types them), and a leading minus only with `allowNegative`.
 * Surrounding spaces are trimmed, as for every cell. Refused with a message
 * naming the column: an empty cell (Number("") would be 0, a 0 % tax rate),
 * "0x514", "1e3", "13.0", "1 300", and anything past 2^53 − 1.
 */
export function parseWholeNumber(
  text: string,
  column: string,
  opts: { allowNegative?: boolean } = {},
): { ok: true; value: number } | { ok: false; message: string } {
  const s = normaliseDigits(text).trim();
  const pattern = opts.allowNegative === true ? /^-?\d+$/ : /^\d+$/;
  if (s === '') return { ok: false, message: `${column}: empty; type a whole number` };
  if (!pattern.test(s)) {
    const what = /^-\d+$/.test(s) ? 'cannot be negative' : 'is not a whole number (digits only)';
    return { ok: false, message: `${column}: "${s}" ${what}` };
  }
  const value = Number(s);
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${column}: "${s}" is too large` };
  return { ok: true, value };
}

const split = (s: string | undefined): string[] =>
  (s ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** The CSV column a schema field comes from, so a range error names what the person typed in. */
const COLUMN_OF: Record<string, string> = {
  nameEn: 'name_en',
  priceMinor: 'price',
  taxRateId: 'tax_rate_id',
  searchKeys: 'search_keys',
  rateBasisPoints: 'rate_basis_points',
  storeCode: 'store_code',
  productId: 'product_id',
};

function issueText(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  const [field, ...rest] = i.path.map(String);
  const where = field === undefined ? 'row' : [COLUMN_OF[field] ?? field, ...rest].join('.');
  return `${where}: ${i.message}`;
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
        const rate = parseWholeNumber(get('rate_basis_points'), 'rate_basis_points');
        if (!rate.ok) {
          errors.push({ row: rowNo, message: rate.message });
          return;
        }
        const r = taxRateSchema.safeParse({
          id: get('id'),
          name: get('name'),
          rateBasisPoints: rate.value,
        });
        if (!r.success) errors.push({ row: rowNo, message: issueText(r.error) });
        else out.taxRates.push(r.data);
      } else if (kind === 'stock') {
        const quantity = parseWholeNumber(get('quantity'), 'quantity', { allowNegative: true });
        if (!quantity.ok) {
          errors.push({ row: rowNo, message: quantity.message });
          return;
        }
        const r = stockImportRowSchema.safeParse({
          storeCode: get('store_code'),
          productId: get('product_id'),
          quantity: quantity.value,
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
