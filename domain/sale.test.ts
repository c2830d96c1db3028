import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addProduct,
  computeTotals,
  emptyCart,
  setOrderDiscount,
  type Cart,
  type CartTotals,
} from './cart';
import { toMinor } from './money';
import {
  buildSale,
  checkSaleTotals,
  formatReceiptNumber,
  SaleError,
  verifySaleTotals,
  type Sale,
} from './sale';
import { arbCart, arbSettings } from './test-arbitraries';
import { product, settings } from './test-fixtures';

function ringUp(): Cart {
  let cart = addProduct(emptyCart('CNY'), product('cola', 350, 'vat13'), {
    lineId: 'l1',
    quantity: 3,
  });
  cart = addProduct(cart, product('rice', 2590, 'vat9'), { lineId: 'l2' });
  return cart;
}

function sale(over: Partial<Parameters<typeof buildSale>[0]> = {}): Sale {
  return buildSale({
    id: '019374f2-0000-7000-8000-000000000001',
    storeId: 'store-1',
    terminalId: 'term-1',
    storeCode: 'S001',
    terminalCode: 'T01',
    sequence: 42,
    cashierId: 'cashier-1',
    createdAt: '2026-11-23T10:00:00.000Z',
    cart: ringUp(),
    settings: settings(),
    tenders: [{ kind: 'cash', amountMinor: 5000 }],
    ...over,
  });
}

describe('formatReceiptNumber', () => {
  it('joins store, terminal and a six-digit sequence', () => {
    expect(formatReceiptNumber('S001', 'T01', 42)).toBe('S001-T01-000042');
    expect(formatReceiptNumber('S001', 'T01', 1234567)).toBe('S001-T01-1234567');
  });
  it('refuses a sequence below 1 and empty codes', () => {
    expect(() => formatReceiptNumber('S001', 'T01', 0)).toThrow(SaleError);
    expect(() => formatReceiptNumber('', 'T01', 1)).toThrow(SaleError);
  });
});

describe('buildSale', () => {
  it('prices the cart, records tenders and change, and numbers the receipt', () => {
    const s = sale();
    expect(s.receiptNumber).toBe('S001-T01-000042');
    // 3 × ¥3.50 + ¥25.90 = ¥36.40; cash ¥50.00 → change ¥13.60.
    expect(s.totals.total).toBe(3640);
    expect(s.changeMinor).toBe(1360);
    expect(s.currency).toBe('CNY');
    expect(s.settings.taxRates.map((r) => r.id)).toEqual(['vat13', 'vat9', 'zero']);
    expect(verifySaleTotals(s)).toEqual({ ok: true });
  });
  it('refuses a sale time that is not a timestamp', () => {
    expect(() => sale({ createdAt: 'yesterday' })).toThrow(
      'The sale time "yesterday" is not an ISO-8601 timestamp',
    );
  });
  it('refuses an empty or fully voided cart', () => {
    expect(() => sale({ cart: emptyCart('CNY') })).toThrow('The sale has no items');
  });
  it('refuses tenders that do not cover the total, with the cashier message', () => {
    expect(() => sale({ tenders: [{ kind: 'cash', amountMinor: 1000 }] })).toThrow(
      'Tendered ¥10.00 does not cover the total ¥36.40; ¥26.40 is still due',
    );
  });
  it('keeps its own copy of the cart', () => {
    const cart = ringUp();
    const s = sale({ cart });
    cart.lines[0]!.quantity = 99;
    expect(s.cart.lines[0]?.quantity).toBe(3);
  });
  it('names the member a sale is for, and leaves the field out when it is for nobody', () => {
    expect(sale({ customerId: 'cust-7' }).customerId).toBe('cust-7');
    expect('customerId' in sale()).toBe(false);
    expect('customerId' in sale({ customerId: null })).toBe(false);
    expect(verifySaleTotals(sale({ customerId: 'cust-7' }))).toEqual({ ok: true });
  });
});

describe('verifySaleTotals', () => {
  it('rejects a sale whose total was altered', () => {
    const s = sale();
    const forged: Sale = { ...s, totals: { ...s.totals, total: toMinor(3000) } };
    expect(verifySaleTotals(forged)).toEqual({
      ok: false,
      reason: 'totals.total: sale says 3000, recomputed 3640',
    });
  });
  it('rejects a sale whose line tax was altered', () => {
    const s = sale();
    const lines = s.totals.lines.map((l, i) => (i === 1 ? { ...l, tax: toMinor(l.tax + 1) } : l));
    const r = verifySaleTotals({ ...s, totals: { ...s.totals, lines } });
    expect(r).toEqual({ ok: false, reason: 'totals.lines[1].tax: sale says 215, recomputed 214' });
  });
  it('rejects a cart changed after pricing (a discount slipped in)', () => {
    const s = sale();
    const r = verifySaleTotals({
      ...s,
      cart: setOrderDiscount(s.cart, { kind: 'percent', basisPoints: 1000 }),
    });
    expect(r.ok).toBe(false);
  });
  it('rejects wrong change and settings that price differently', () => {
    const s = sale();
    expect(verifySaleTotals({ ...s, changeMinor: toMinor(0) })).toEqual({
      ok: false,
      reason: 'changeMinor: sale says 0, recomputed 1360',
    });
    const r = verifySaleTotals({ ...s, settings: { ...s.settings, taxMode: 'exclusive' } });
    expect(r.ok).toBe(false);
  });
  it('rejects a malformed sale with a reason instead of throwing', () => {
    const s = sale();
    const broken = { ...s, cart: { ...s.cart, lines: null } } as unknown as Sale;
    const r = verifySaleTotals(broken);
    expect(r.ok).toBe(false);
    const noRate = verifySaleTotals({ ...s, settings: { ...s.settings, taxRates: [] } });
    expect(noRate).toEqual({
      ok: false,
      reason: 'cannot price the sale: Tax rate vat13 for cola is not configured',
    });
  });
});

describe('checkSaleTotals (totals not yet checked against any schema)', () => {
  it('returns the recomputed totals when the claimed ones are the same JSON value', () => {
    const s = sale();
    const claimed = JSON.parse(JSON.stringify(s.totals)) as unknown;
    const r = checkSaleTotals({ ...s, totals: claimed });
    expect(r).toEqual({ ok: true, totals: s.totals });
    if (r.ok) expect(r.totals).not.toBe(claimed);
  });
  it('names a field the claimed totals have and the recomputed ones do not', () => {
    const s = sale();
    const lines = s.totals.lines.map((l, i) => (i === 1 ? { ...l, bonus: 0 } : l));
    expect(checkSaleTotals({ ...s, totals: { ...s.totals, lines } })).toEqual({
      ok: false,
      reason: 'totals.lines[1].bonus: sale has this field, the recomputed totals do not',
    });
    expect(checkSaleTotals({ ...s, totals: { ...s.totals, note: 'x' } })).toEqual({
      ok: false,
      reason: 'totals.note: sale has this field, the recomputed totals do not',
    });
  });
  it('refuses totals of the wrong shape or type without throwing', () => {
    const s = sale();
    for (const totals of [undefined, null, 'lots', [], { ...s.totals, lines: {} }]) {
      expect(checkSaleTotals({ ...s, totals }).ok).toBe(false);
    }
    const asText = { ...s.totals, total: String(s.totals.total) };
    expect(checkSaleTotals({ ...s, totals: asText })).toEqual({
      ok: false,
      reason: 'totals.total: sale says "3640", recomputed 3640',
    });
  });
  it('checks tenders and change as verifySaleTotals does', () => {
    const s = sale();
    expect(checkSaleTotals({ ...s, changeMinor: toMinor(1) })).toEqual({
      ok: false,
      reason: 'changeMinor: sale says 1, recomputed 1360',
    });
  });
});

describe('verifySaleTotals properties', () => {
  const numericPaths = (t: CartTotals): string[] => [
    'subtotal',
    'discountTotal',
    'taxTotal',
    'total',
    'itemCount',
    ...t.lines.flatMap((_, i) =>
      ['gross', 'lineDiscount', 'orderDiscount', 'total', 'tax', 'net'].map(
        (k) => `lines.${i}.${k}`,
      ),
    ),
    ...t.taxSummary.flatMap((_, i) =>
      ['net', 'tax', 'gross', 'rateBasisPoints'].map((k) => `taxSummary.${i}.${k}`),
    ),
  ];

  function nudge(t: CartTotals, path: string, by: number): CartTotals {
    const copy = JSON.parse(JSON.stringify(t)) as CartTotals;
    const keys = path.split('.');
    let target = copy as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    target[last] = (target[last] as number) + by;
    return copy;
  }

  it('accepts every sale the till builds and rejects any single figure moved by ±1', () => {
    fc.assert(
      fc.property(
        arbCart.filter((c) => c.lines.some((l) => !l.voided)),
        arbSettings,
        fc.nat(),
        fc.constantFrom(1, -1),
        (cart, s, pick, by) => {
          const priced = computeTotals(cart, s);
          const built = sale({
            cart,
            settings: s,
            tenders: [{ kind: 'cash', amountMinor: priced.total + 1 }],
          });
          expect(verifySaleTotals(built)).toEqual({ ok: true });
          const roundTripped = JSON.parse(JSON.stringify(built.totals)) as unknown;
          expect(checkSaleTotals({ ...built, totals: roundTripped })).toEqual({
            ok: true,
            totals: built.totals,
          });
          const paths = numericPaths(built.totals);
          const path = paths[pick % paths.length] as string;
          const forged = { ...built, totals: nudge(built.totals, path, by) };
          const result = verifySaleTotals(forged);
          expect(result.ok).toBe(false);
          expect(checkSaleTotals(forged)).toEqual(result);
          if (!result.ok)
            expect(result.reason).toContain(`totals.${path.replace(/\.(\d+)\./g, '[$1].')}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
