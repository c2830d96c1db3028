import { describe, expect, it } from 'vitest';
import {
  addProduct,
  CartError,
  computeTotals,
  emptyCart,
  parseQuantity,
  setLineDiscount,
  setOrderDiscount,
  setQuantity,
  voidLine,
} from './cart';
import { product, settings, VAT13 } from './test-fixtures';

const cola = product('cola', 350, 'vat13', { name: '可乐' });
const apples = product('apple', 1280, 'vat9', { unit: 'kg', name: '苹果' });

describe('addProduct', () => {
  it('opens a line with the product details and quantity 1 by default', () => {
    const cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1', barcode: '6901234567892' });
    expect(cart.lines).toEqual([
      {
        lineId: 'l1',
        productId: 'cola',
        sku: 'SKU-cola',
        name: '可乐',
        nameEn: '可乐',
        barcode: '6901234567892',
        unit: 'each',
        quantity: 1,
        unitPriceMinor: 350,
        taxRateId: 'vat13',
        discount: null,
        voided: false,
      },
    ]);
  });
  it('raises the quantity of an unvoided, undiscounted line of the same product', () => {
    let cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1' });
    cart = addProduct(cart, cola, { lineId: 'l2', quantity: 2 });
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(3);
    expect(cart.lines[0]?.lineId).toBe('l1');
  });
  it('opens a new line when the existing one is discounted or voided', () => {
    let cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1' });
    cart = setLineDiscount(cart, 'l1', { kind: 'percent', basisPoints: 1000 });
    cart = addProduct(cart, cola, { lineId: 'l2' });
    cart = voidLine(cart, 'l2');
    cart = addProduct(cart, cola, { lineId: 'l3' });
    expect(cart.lines.map((l) => [l.lineId, l.quantity, l.voided])).toEqual([
      ['l1', 1, false],
      ['l2', 1, true],
      ['l3', 1, false],
    ]);
  });
  it('keeps each weighing of a weighed product on its own line', () => {
    let cart = addProduct(emptyCart('CNY'), apples, { lineId: 'l1', quantity: 255 });
    cart = addProduct(cart, apples, { lineId: 'l2', quantity: 500 });
    expect(cart.lines.map((l) => l.quantity)).toEqual([255, 500]);
  });
  it('needs a weight for a weighed product', () => {
    expect(() => addProduct(emptyCart('CNY'), apples, { lineId: 'l1' })).toThrow(
      'Enter the weight of 苹果 in grams',
    );
  });
  it('refuses a product priced in another currency, a reused line id and bad quantities', () => {
    const dollars = product('gum', 99, 'vat13', { currency: 'USD' });
    expect(() => addProduct(emptyCart('CNY'), dollars, { lineId: 'l1' })).toThrow(
      'gum is priced in USD but this sale is in CNY',
    );
    const cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1' });
    expect(() => addProduct(cart, apples, { lineId: 'l1', quantity: 10 })).toThrow(
      'Line id l1 is already used on this sale',
    );
    expect(() => addProduct(cart, cola, { lineId: 'l2', quantity: 0 })).toThrow(CartError);
    expect(() => addProduct(cart, cola, { lineId: 'l2', quantity: 1.5 })).toThrow(CartError);
  });
  it('never changes the cart it was given', () => {
    const before = emptyCart('CNY');
    const after = addProduct(before, cola, { lineId: 'l1' });
    expect(before.lines).toHaveLength(0);
    expect(after).not.toBe(before);
  });
});

describe('editing lines', () => {
  const base = addProduct(emptyCart('CNY'), cola, { lineId: 'l1', quantity: 2 });
  it('sets a quantity and refuses zero, fractions and unknown lines', () => {
    expect(setQuantity(base, 'l1', 5).lines[0]?.quantity).toBe(5);
    expect(() => setQuantity(base, 'l1', 0)).toThrow(
      'Quantity must be a whole number of at least 1',
    );
    expect(() => setQuantity(base, 'nope', 1)).toThrow('Line nope is not on this sale');
  });
  it('voids a line, which then cannot change and is not priced', () => {
    const cart = voidLine(base, 'l1');
    expect(cart.lines[0]?.voided).toBe(true);
    expect(voidLine(cart, 'l1')).toBe(cart);
    expect(() => setQuantity(cart, 'l1', 3)).toThrow('可乐 is voided and cannot change');
    expect(computeTotals(cart, settings()).total).toBe(0);
  });
  it('refuses a line discount larger than the line, never pricing a line below zero', () => {
    expect(() => setLineDiscount(base, 'l1', { kind: 'amount', minor: 701 })).toThrow(
      'The discount ¥7.01 is more than the line 可乐 ¥7.00',
    );
    const whole = setLineDiscount(base, 'l1', { kind: 'amount', minor: 700 });
    expect(computeTotals(whole, settings()).total).toBe(0);
  });
  it('refuses a quantity cut that would leave a discount larger than the line', () => {
    const cart = setLineDiscount(base, 'l1', { kind: 'amount', minor: 500 });
    expect(() => setQuantity(cart, 'l1', 1)).toThrow(CartError);
  });
  it('refuses percentages outside 0–100 % and negative amounts', () => {
    expect(() => setLineDiscount(base, 'l1', { kind: 'percent', basisPoints: 10001 })).toThrow(
      'A percentage discount must be between 0 % and 100 %',
    );
    expect(() => setOrderDiscount(base, { kind: 'amount', minor: -1 })).toThrow(CartError);
  });
  it('refuses an order discount larger than the order, also after a void', () => {
    expect(() => setOrderDiscount(base, { kind: 'amount', minor: 701 })).toThrow(
      'The discount ¥7.01 is more than the order ¥7.00',
    );
    let cart = addProduct(base, apples, { lineId: 'l2', quantity: 1000 });
    cart = setOrderDiscount(cart, { kind: 'amount', minor: 1000 });
    expect(() => voidLine(cart, 'l2')).toThrow(CartError);
    expect(setOrderDiscount(cart, null).orderDiscount).toBeNull();
  });
});

describe('computeTotals basics', () => {
  it('prices an empty cart at zero', () => {
    const t = computeTotals(emptyCart('CNY'), settings());
    expect(t).toEqual({
      currency: 'CNY',
      lines: [],
      subtotal: 0,
      discountTotal: 0,
      taxTotal: 0,
      total: 0,
      taxSummary: [],
      itemCount: 0,
    });
  });
  it('reports a line whose tax rate is not configured', () => {
    const cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1' });
    expect(() => computeTotals(cart, settings({ taxRates: [] }))).toThrow(
      'Tax rate vat13 for 可乐 is not configured',
    );
    expect(computeTotals(cart, settings({ taxRates: [VAT13] })).taxSummary).toHaveLength(1);
  });
  it('counts items: each unit of counted lines, one per weighed line', () => {
    let cart = addProduct(emptyCart('CNY'), cola, { lineId: 'l1', quantity: 3 });
    cart = addProduct(cart, apples, { lineId: 'l2', quantity: 1255 });
    expect(computeTotals(cart, settings()).itemCount).toBe(4);
  });
});

describe('computeTotals on carts not built by the cart functions', () => {
  const good = addProduct(emptyCart('CNY'), cola, { lineId: 'l1' });
  const withLine = (change: Record<string, unknown>) =>
    ({ ...good, lines: [{ ...good.lines[0], ...change }] }) as typeof good;
  it('names the line with a quantity below 1, a negative price or an unknown unit', () => {
    expect(() => computeTotals(withLine({ quantity: 0 }), settings())).toThrow(
      '可乐 has an invalid quantity 0',
    );
    expect(() => computeTotals(withLine({ quantity: 1.5 }), settings())).toThrow(CartError);
    expect(() => computeTotals(withLine({ unitPriceMinor: -350 }), settings())).toThrow(
      '可乐 has an invalid price -350',
    );
    expect(() => computeTotals(withLine({ unit: 'litre' }), settings())).toThrow(
      '可乐 has an unknown unit litre',
    );
  });
  it('refuses a line discount larger than the line', () => {
    const cart = withLine({ discount: { kind: 'amount', minor: 351 } });
    expect(() => computeTotals(cart, settings())).toThrow(
      'The discount ¥3.51 is more than the line 可乐 ¥3.50',
    );
  });
  it('ignores a broken line once it is voided', () => {
    expect(computeTotals(withLine({ quantity: 0, voided: true }), settings()).total).toBe(0);
  });
});

describe('parseQuantity', () => {
  it('reads whole counts for counted items', () => {
    expect(parseQuantity('3', 'each')).toBe(3);
    expect(parseQuantity(' 12 ', 'each')).toBe(12);
    expect(parseQuantity('３', 'each')).toBe(3);
  });
  it('refuses counts that are not whole numbers of at least 1', () => {
    for (const bad of ['0', '1.5', '-2', '', 'abc', '2e3']) {
      expect(() => parseQuantity(bad, 'each')).toThrow(
        'Quantity must be a whole number of at least 1',
      );
    }
  });
  it('reads kilograms into grams for weighed items', () => {
    expect(parseQuantity('0.255', 'kg')).toBe(255);
    expect(parseQuantity('1.5', 'kg')).toBe(1500);
    expect(parseQuantity('2', 'kg')).toBe(2000);
    expect(parseQuantity('.75', 'kg')).toBe(750);
  });
  it('refuses weights finer than a gram, zero and text', () => {
    expect(() => parseQuantity('0.2555', 'kg')).toThrow('at most 3 decimals');
    expect(() => parseQuantity('0', 'kg')).toThrow('at least 0.001 kg');
    expect(() => parseQuantity('heavy', 'kg')).toThrow(
      'Weight must be in kilograms, such as 0.255',
    );
  });
});
