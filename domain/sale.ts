import { CartError, computeTotals, type Cart, type CartTotals, type PricingSettings } from './cart';
import type { CurrencyCode } from './currency';
import { MoneyError, type Minor } from './money';
import type { RoundingMode } from './rounding';
import type { TaxMode, TaxRate, TaxRounding } from './tax';
import { evaluateTenders, type Tender } from './tender';

/** A completed sale: what the till stores, pushes to head office and prints. */
export interface Sale {
  /** UUIDv7, passed in. */
  id: string;
  /** STORE-TERMINAL-SEQ, e.g. "S001-T01-000042"; gapless per terminal. */
  receiptNumber: string;
  storeId: string;
  terminalId: string;
  sequence: number;
  cashierId: string;
  /** ISO-8601, passed in. */
  createdAt: string;
  currency: CurrencyCode;
  cart: Cart;
  settings: {
    taxMode: TaxMode;
    taxRounding: TaxRounding;
    roundingMode: RoundingMode;
    taxRates: TaxRate[];
  };
  totals: CartTotals;
  tenders: Tender[];
  /** Cash handed back, minor units. */
  changeMinor: Minor;
  /**
   * The loyalty member the sale is for (a customer id from head office), or
   * null/absent for none. Head office adds loyaltyPointsEarned(totals.total)
   * to the member's balance when it stores the sale.
   */
  customerId?: string | null;
}

/** Thrown when a sale cannot be completed; the message is fit to show the cashier. */
export class SaleError extends Error {
  override name = 'SaleError';
}

/** "S001", "T01", 42 → "S001-T01-000042" (sequence zero-padded to 6, longer when it grows past). */
export function formatReceiptNumber(
  storeCode: string,
  terminalCode: string,
  sequence: number,
): string {
  if (storeCode.trim() === '' || terminalCode.trim() === '') {
    throw new SaleError('A receipt number needs a store code and a terminal code');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new SaleError(`A receipt sequence must be a whole number of at least 1, got ${sequence}`);
  }
  return `${storeCode}-${terminalCode}-${String(sequence).padStart(6, '0')}`;
}

function copyCart(cart: Cart): Cart {
  return {
    currency: cart.currency,
    lines: cart.lines.map((l) => ({
      ...l,
      discount: l.discount === null ? null : { ...l.discount },
    })),
    orderDiscount: cart.orderDiscount === null ? null : { ...cart.orderDiscount },
  };
}

/**
 * Complete a sale from a cart and its tenders. Prices the cart, checks the
 * tenders cover it, and records change. Throws SaleError if `createdAt` is
 * not a timestamp, the cart has no unvoided line or the tenders cannot
 * complete (the tender problem is the message); CartError if the cart cannot
 * be priced.
 */
export function buildSale(input: {
  id: string;
  storeId: string;
  terminalId: string;
  storeCode: string;
  terminalCode: string;
  sequence: number;
  cashierId: string;
  createdAt: string;
  cart: Cart;
  settings: PricingSettings;
  tenders: Tender[];
  /** The loyalty member the sale is for; the field is left out of the sale when none. */
  customerId?: string | null;
}): Sale {
  if (Number.isNaN(Date.parse(input.createdAt))) {
    throw new SaleError(`The sale time "${input.createdAt}" is not an ISO-8601 timestamp`);
  }
  const cart = copyCart(input.cart);
  if (!cart.lines.some((l) => !l.voided)) throw new SaleError('The sale has no items');
  const settings: Sale['settings'] = {
    taxMode: input.settings.taxMode,
    taxRounding: input.settings.taxRounding,
    roundingMode: input.settings.roundingMode,
    taxRates: input.settings.taxRates.map((r) => ({ ...r })),
  };
  const totals = computeTotals(cart, settings);
  const tenders = input.tenders.map((t) => ({ ...t }));
  const state = evaluateTenders(totals.total, tenders, { currency: cart.currency });
  if (!state.canComplete) throw new SaleError(state.problem ?? 'The payment is incomplete');
  return {
    id: input.id,
    receiptNumber: formatReceiptNumber(input.storeCode, input.terminalCode, input.sequence),
    storeId: input.storeId,
    terminalId: input.terminalId,
    sequence: input.sequence,
    cashierId: input.cashierId,
    createdAt: input.createdAt,
    currency: cart.currency,
    cart,
    settings,
    totals,
    tenders,
    changeMinor: state.changeMinor,
    // Absent rather than null for a sale without a member: such a sale is the same
    // document it was before members could be attached.
    ...(input.customerId ? { customerId: input.customerId } : {}),
  };
}

/** "totals.lines[0].net" for ['totals', 'lines', 0, 'net']. */
function pathText(path: readonly (string | number)[]): string {
  return path
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
    .join('')
    .slice(1);
}

/**
 * First difference between two priced carts as "path: claimed X, recomputed Y",
 * or null. A field the claimed side has and the recomputed one does not is a
 * difference too, so null means the two are the same JSON value. The path is
 * kept as a stack of keys and spelt out only for the difference, and no closure
 * is made per figure: head office runs this on every figure of every sale it
 * receives.
 */
function firstDifference(
  claimed: unknown,
  actual: unknown,
  path: (string | number)[],
): string | null {
  if (typeof actual !== 'object' || actual === null) {
    return Object.is(claimed, actual)
      ? null
      : `${pathText(path)}: sale says ${JSON.stringify(claimed)}, recomputed ${JSON.stringify(actual)}`;
  }
  if (typeof claimed !== 'object' || claimed === null) {
    return `${pathText(path)}: sale says ${JSON.stringify(claimed)}, recomputed an object`;
  }
  if (Array.isArray(actual)) {
    if (!Array.isArray(claimed) || claimed.length !== actual.length) {
      return `${pathText(path)}: sale has ${Array.isArray(claimed) ? claimed.length : 'no'} entries, recomputed ${actual.length}`;
    }
    for (let i = 0; i < actual.length; i++) {
      path.push(i);
      const d = firstDifference(claimed[i], actual[i], path);
      path.pop();
      if (d !== null) return d;
    }
    return null;
  }
  const a = actual as Record<string, unknown>;
  const c = claimed as Record<string, unknown>;
  const keys = Object.keys(a);
  for (const key of keys) {
    path.push(key);
    const d = firstDifference(c[key], a[key], path);
    path.pop();
    if (d !== null) return d;
  }
  // Every recomputed field matched, so a claimed object with more keys has a field too many.
  const claimedKeys = Object.keys(c);
  if (claimedKeys.length !== keys.length) {
    const extra = claimedKeys.find((k) => !Object.hasOwn(a, k)) ?? '?';
    return `${pathText([...path, extra])}: sale has this field, the recomputed totals do not`;
  }
  return null;
}

/** A sale as received, before its totals are checked: `totals` may be anything. */
export type ClaimedSale = Omit<Sale, 'totals'> & { totals: unknown };

/**
 * Recompute a sale's totals from its cart and settings and compare every
 * figure (each line, every summary row, subtotal, discounts, tax, total, item
 * count), then re-check the tenders and change. Head office rejects a sale
 * with `totals_mismatch` when this says not ok; `reason` names the first
 * figure that differs.
 */
export function verifySaleTotals(sale: Sale): { ok: true } | { ok: false; reason: string } {
  const check = checkSaleTotals(sale);
  return check.ok ? { ok: true } : check;
}

/**
 * verifySaleTotals for a sale whose `totals` nobody has looked at yet: ok only
 * when they are exactly the recomputed totals (the same fields, no more, and
 * the same values), which are returned. So a match proves their shape as well,
 * and head office need not check it separately (sync/server/push-prepare.ts).
 */
export function checkSaleTotals(
  sale: ClaimedSale,
): { ok: true; totals: CartTotals } | { ok: false; reason: string } {
  try {
    if (sale.cart.currency !== sale.currency) {
      return {
        ok: false,
        reason: `currency: sale is ${sale.currency}, cart is ${sale.cart.currency}`,
      };
    }
    const recomputed = computeTotals(sale.cart, sale.settings);
    const diff = firstDifference(sale.totals, recomputed, ['totals']);
    if (diff !== null) return { ok: false, reason: diff };
    const state = evaluateTenders(recomputed.total, sale.tenders, { currency: sale.currency });
    if (!state.canComplete)
      return { ok: false, reason: `tenders: ${state.problem ?? 'incomplete'}` };
    if (state.changeMinor !== sale.changeMinor) {
      return {
        ok: false,
        reason: `changeMinor: sale says ${sale.changeMinor}, recomputed ${state.changeMinor}`,
      };
    }
    return { ok: true, totals: recomputed };
  } catch (err) {
    // A malformed sale from the wire must be rejected with a reason, not crash the server.
    const kind = err instanceof CartError || err instanceof MoneyError ? '' : 'malformed sale: ';
    return {
      ok: false,
      reason: `cannot price the sale: ${kind}${String((err as Error).message ?? err)}`,
    };
  }
}
