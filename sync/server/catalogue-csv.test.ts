import { describe, expect, it } from 'vitest';
import { parseCatalogueCsv, parseWholeNumber } from './catalogue-csv';

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
