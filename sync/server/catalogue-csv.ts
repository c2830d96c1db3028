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
//
// Files arrive as bytes and are turned into text only by decodeCsvBytes (the
// CLI and the admin HTTP route both), so a file is read correctly or refused,
// never imported with names garbled into U+FFFD.
import iconv from 'iconv-lite';
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

export type CsvEncoding = 'utf-8' | 'gb18030';

/** Encoding names a file may be declared in. GBK and GB2312 are subsets of GB18030. */
const ENCODINGS = new Map<string, CsvEncoding>([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['gb18030', 'gb18030'],
  ['gbk', 'gb18030'],
  ['gb2312', 'gb18030'],
]);

export type DecodeResult =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; reason: 'unknown_encoding' | 'invalid_bytes'; message: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

const startsWith = (bytes: Uint8Array, prefix: number[]): boolean =>
  prefix.every((b, i) => bytes[i] === b);

/** 1-based line of a character offset, to point a person at the damaged spot. */
const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    // fatal: a byte that is not UTF-8 throws instead of becoming U+FFFD; a BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The text of a catalogue file's bytes, or why they cannot be read.
 * `encoding` is what the person named (CLI `--encoding`, HTTP `charset`);
 * absent means UTF-8. UTF-8 is decoded strictly; GB18030 (also named GBK or
 * GB2312: Excel's "CSV" on Chinese Windows) with iconv-lite, refusing the
 * replacement character and broken surrogates it puts where bytes are invalid.
 * A UTF-8 BOM wins over the named encoding, and a file named GB18030 that
 * reads as UTF-8 with non-ASCII text is refused: decoded as GB18030 its names
 * would come out garbled. `askForGb18030` says how to name GB18030 where the
 * file came from (e.g. "import it with --encoding gb18030").
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  encoding: string | undefined,
  askForGb18030: string,
): DecodeResult {
  const named = (encoding ?? 'utf-8').trim().toLowerCase();
  const chosen = ENCODINGS.get(named);
  if (chosen === undefined) {
    return {
      ok: false,
      reason: 'unknown_encoding',
      message: `Unknown encoding "${encoding}": a catalogue CSV is UTF-8 or GB18030 (also called GBK or GB2312)`,
    };
  }
  if (chosen === 'utf-8' || startsWith(bytes, UTF8_BOM)) {
    const text = strictUtf8(bytes);
    if (text !== null) return { ok: true, text, encoding: 'utf-8' };
    const loose = new TextDecoder('utf-8').decode(bytes);
    return {
      ok: false,
      reason: 'invalid_bytes',
      message: `The file is not UTF-8 (line ${lineAt(loose, loose.indexOf('\uFFFD'))} has bytes that are not); if Excel on Chinese Windows saved it, ${askForGb18030}`,
    };
  }
  const asUtf8 = strictUtf8(bytes);
  if (asUtf8 !== null && /[^\p{ASCII}]/u.test(asUtf8)) {
    return {
      ok: false,
      reason: 'invalid_bytes',
      message:
        'The file is UTF-8, not GB18030: read as GB18030 its names would come out garbled; import it as UTF-8',
    };
  }
  const text = iconv.decode(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    'gb18030',
  );
  // iconv-lite never throws: invalid bytes become U+FFFD, and 4-byte codes past
  // U+10FFFF become lone surrogates. A U+FFFD the file itself encodes is refused
  // too: in a catalogue it marks a name garbled on an earlier trip.
  const bad = /\uFFFD|\p{Cs}/u.exec(text);
  if (bad !== null) {
    return {
      ok: false,
      reason: 'invalid_bytes',
      message: `The file is not GB18030 (line ${lineAt(text, bad.index)} has bytes that are not); save it from Excel as "CSV UTF-8" and import it as UTF-8`,
    };
  }
  return { ok: true, text: text.replace(/^\uFEFF/, ''), encoding: 'gb18030' };
}

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
