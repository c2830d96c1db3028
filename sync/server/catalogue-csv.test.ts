import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeCsvBytes, parseCatalogueCsv, parseWholeNumber } from './catalogue-csv';

describe('parseWholeNumber', () => {
  it.each([
    ['1300', 1300],
    ['0', 0],
    ['１３００', 1300],
    [' 13 ', 13],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %d', (text, value) => {
    expect(parseWholeNumber(text, 'rate_basis_points')).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'rate_basis_points: empty; type a whole number'],
    ['   ', 'rate_basis_points: empty; type a whole number'],
    ['0x514', 'rate_basis_points: "0x514" is not a whole number (digits only)'],
    ['1e3', 'rate_basis_points: "1e3" is not a whole number (digits only)'],
    ['13.0', 'rate_basis_points: "13.0" is not a whole number (digits only)'],
    ['1 300', 'rate_basis_points: "1 300" is not a whole number (digits only)'],
    ['+13', 'rate_basis_points: "+13" is not a whole number (digits only)'],
    ['Infinity', 'rate_basis_points: "Infinity" is not a whole number (digits only)'],
    ['-5', 'rate_basis_points: "-5" cannot be negative'],
    ['9007199254740993', 'rate_basis_points: "9007199254740993" is too large'],
  ])('refuses %j, naming the column', (text, message) => {
    expect(parseWholeNumber(text, 'rate_basis_points')).toEqual({ ok: false, message });
  });

  it('takes a minus sign only where the column allows one', () => {
    expect(parseWholeNumber('-3', 'quantity', { allowNegative: true })).toEqual({
      ok: true,
      value: -3,
    });
    expect(parseWholeNumber('--3', 'quantity', { allowNegative: true }).ok).toBe(false);
  });
});

describe('parseCatalogueCsv numbers', () => {
  it('refuses a tax rate whose rate is blank, hex or exponent, naming row and column', () => {
    const csv =
      'id,name,rate_basis_points\n' +
      'vat13,VAT 13%,\n' +
      'vat9,VAT 9%,0x384\n' +
      'vat6,VAT 6%,6e2\n' +
      'big,Too big,100001\n' +
      'zero,Exempt,0\n';
    const r = parseCatalogueCsv(csv, 'taxRates');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual([
      { row: 2, message: 'rate_basis_points: empty; type a whole number' },
      { row: 3, message: 'rate_basis_points: "0x384" is not a whole number (digits only)' },
      { row: 4, message: 'rate_basis_points: "6e2" is not a whole number (digits only)' },
      { row: 5, message: expect.stringMatching(/^rate_basis_points: /) },
    ]);
  });

  it('reads a written zero rate and full-width digits', () => {
    const r = parseCatalogueCsv(
      'id,name,rate_basis_points\nzero,Exempt,0\nvat13,增值税,１３００\n',
      'taxRates',
    );
    expect(r.ok && r.value.taxRates.map((t) => t.rateBasisPoints)).toEqual([0, 1300]);
  });

  it('refuses a stock quantity that is blank or not digits, keeping negatives', () => {
    const csv = 'store_code,product_id,quantity\nS001,P1,-3\nS001,P2,\nS001,P3,1.5\nS001,P4,0x10\n';
    const r = parseCatalogueCsv(csv, 'stock');
    expect(r.ok ? [] : r.errors).toEqual([
      { row: 3, message: 'quantity: empty; type a whole number' },
      { row: 4, message: 'quantity: "1.5" is not a whole number (digits only)' },
      { row: 5, message: 'quantity: "0x10" is not a whole number (digits only)' },
    ]);
    const good = parseCatalogueCsv('store_code,product_id,quantity\nS001,P1,-3\n', 'stock');
    expect(good.ok && good.value.stock).toEqual([
      { storeCode: 'S001', productId: 'P1', quantity: -3 },
    ]);
  });

  it('names the price column for a price that is blank or not an amount', () => {
    const csv = 'id,sku,name,price,tax_rate_id\nP1,A1,苹果,,vat13\nP2,A2,梨,0x10,vat13\n';
    const r = parseCatalogueCsv(csv, 'products');
    expect(r.ok ? [] : r.errors.map((e) => [e.row, e.message.split(':')[0]])).toEqual([
      [2, 'price'],
      [3, 'price'],
    ]);
  });
});

const ASK = 'import it with --encoding gb18030';
const PRODUCTS =
  'id,sku,name,name_en,price,tax_rate_id\n' +
  'P1,COLA,可口可乐,Coca Cola,3.50,vat13\n' +
  'P2,WATER,农夫山泉,,2.00,vat13\n' +
  'P3,BEEF,𠮷野家牛肉饭,,28.00,vat6\n';

const names = (text: string) => {
  const r = parseCatalogueCsv(text, 'products');
  return r.ok ? r.value.products.map((p) => [p.name, p.searchKeys]) : r.errors;
};

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with or without a BOM, the BOM dropped', () => {
    const plain = new TextEncoder().encode(PRODUCTS);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(decodeCsvBytes(plain, undefined, ASK)).toEqual({
      ok: true,
      text: PRODUCTS,
      encoding: 'utf-8',
    });
    expect(decodeCsvBytes(bom, 'UTF-8', ASK)).toEqual({
      ok: true,
      text: PRODUCTS,
      encoding: 'utf-8',
    });
    expect(decodeCsvBytes(plain, 'utf8', ASK).ok).toBe(true);
  });

  it('reads GB18030 (also named GBK or GB2312) into names with pinyin search keys', () => {
    const gb = iconv.encode(PRODUCTS, 'gb18030');
    for (const name of ['gb18030', 'GB18030', 'gbk', 'GB2312']) {
      const d = decodeCsvBytes(gb, name, ASK);
      expect(d).toEqual({ ok: true, text: PRODUCTS, encoding: 'gb18030' });
    }
    const d = decodeCsvBytes(gb, 'gb18030', ASK);
    expect(d.ok && names(d.text)).toEqual([
      ['可口可乐', ['coca', 'cola', 'kkkl']],
      ['农夫山泉', ['water', 'nfsq']],
      // A four-byte GB18030 character (U+20BB7) survives; pinyin-pro has no reading for it.
      ['𠮷野家牛肉饭', expect.arrayContaining(['beef'])],
    ]);
  });

  it('drops a GB18030 BOM', () => {
    const gb = iconv.encode(`\uFEFF${PRODUCTS}`, 'gb18030');
    expect(gb.subarray(0, 4)).toEqual(Buffer.from([0x84, 0x31, 0x95, 0x33]));
    expect(decodeCsvBytes(gb, 'gb18030', ASK)).toMatchObject({ ok: true, text: PRODUCTS });
  });

  it('reads a file with a UTF-8 BOM as UTF-8 even when GB18030 is named', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PRODUCTS)]);
    expect(decodeCsvBytes(bom, 'gb18030', ASK)).toEqual({
      ok: true,
      text: PRODUCTS,
      encoding: 'utf-8',
    });
  });

  it('refuses GB18030 bytes read as UTF-8, saying how to import them', () => {
    const d = decodeCsvBytes(iconv.encode(PRODUCTS, 'gb18030'), undefined, ASK);
    expect(d).toEqual({
      ok: false,
      reason: 'invalid_bytes',
      message:
        'The file is not UTF-8 (line 2 has bytes that are not); if Excel on Chinese Windows saved it, import it with --encoding gb18030',
    });
  });

  it('refuses UTF-8 Chinese named GB18030, which would come out garbled', () => {
    const d = decodeCsvBytes(Buffer.from(PRODUCTS), 'gb18030', ASK);
    expect(d).toMatchObject({ ok: false, reason: 'invalid_bytes' });
    expect(d.ok || d.message).toMatch(/^The file is UTF-8, not GB18030/);
    // ASCII only is the same in both: nothing to garble.
    expect(decodeCsvBytes(Buffer.from('id,name\nP1,Tea\n'), 'gb18030', ASK).ok).toBe(true);
  });

  it.each([
    ['a lone lead byte', [0x81, 0x0a]],
    ['0xFF', [0xff]],
    ['a four-byte code past U+10FFFF', [0xfe, 0x39, 0xfe, 0x39]],
    ['a cut-off four-byte code', [0x81, 0x30, 0x81]],
  ])('refuses bytes that are not GB18030: %s', (_what, bad) => {
    const bytes = Buffer.concat([
      iconv.encode('id,name\nP1,可乐\nP2,', 'gb18030'),
      Buffer.from(bad),
      Buffer.from('\n'),
    ]);
    const d = decodeCsvBytes(bytes, 'gb18030', ASK);
    expect(d).toMatchObject({ ok: false, reason: 'invalid_bytes' });
    expect(d.ok || d.message).toMatch(/^The file is not GB18030 \(line 3 has bytes that are not\)/);
  });

  it('refuses an encoding it does not know, naming the ones it does', () => {
    for (const name of ['latin1', 'big5', 'shift_jis', '']) {
      const d = decodeCsvBytes(Buffer.from('id\n'), name, ASK);
      expect(d).toEqual({
        ok: false,
        reason: 'unknown_encoding',
        message: `Unknown encoding "${name}": a catalogue CSV is UTF-8 or GB18030 (also called GBK or GB2312)`,
      });
    }
  });
});
