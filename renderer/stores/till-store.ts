// The cashier screen's state: the cart being rung up, the loyalty member it is for,
// tenders, messages for the cashier, parked sales and the last completed sale (for the
// receipt preview). Every shop rule
// comes from domain/ (cart, tenders, quantities); every write goes through renderer/db
// (completeSale is one transaction, so a failure leaves nothing half-saved and the cart
// stays on screen to try again). A vanilla zustand store: no React here, so it is tested
// directly; components read it with `useStore(store, selector)` from 'zustand'. The scan
// path (lookups in order, the look-ahead, what a scan rings up) is in barcode-scans.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  addProduct as addProductToCart,
  computeTotals,
  emptyCart,
  evaluateTenders,
  formatMoney,
  parseQuantity,
  setLineDiscount as setLineDiscountOnCart,
  setOrderDiscount as setOrderDiscountOnCart,
  setQuantity,
  toMinor,
  voidLine as voidLineOnCart,
  type Cart,
  type CartTotals,
  type CurrencyCode,
  type Discount,
  type PricingSettings,
  type Product,
  type Sale,
  type Tender,
  type TenderState,
} from '../../domain';
import type { ReceiptLoyalty } from '../../domain/receipt';
import { completeSale, TillNotEnrolledError, type SaleFaultPoint } from '../db/complete-sale';
import { listParked, parkSale, resumeParked } from '../db/parked';
import { terminalIdentitySchema } from '../db/terminal-identity';
import type { AttachedMember, ParkedSale, TerminalIdentity, TillDb } from '../db/schema';
import { createBarcodeScans } from './barcode-scans';
import { createMemberActions } from './member-actions';
import { describeError, isDomainError } from './messages';

export { PREFETCH_FRESH_MS } from './barcode-scans';

export interface CashierMessage {
  kind: 'error' | 'info' | 'success';
  text: string;
}

export interface TillStoreDeps {
  db: TillDb;
  cashierId: string;
  settings: PricingSettings;
  /** The store's currency: every new cart is in it. */
  currency: CurrencyCode;
  /** ISO-8601 timestamp. */
  now(): string;
  /** UUIDv7 for sales; also used for line and parked-sale ids. */
  newId(): string;
  /** Tests only: passed to completeSale. */
  faultAt?: SaleFaultPoint;
}

export interface TillState {
  cart: Cart;
  /** Recomputed by domain computeTotals whenever the cart changes. */
  totals: CartTotals;
  tenders: Tender[];
  /** domain evaluateTenders of the current total and tenders. */
  tenderState: TenderState;
  selectedLineId: string | null;
  message: CashierMessage | null;
  /** True while a sale is being saved; scans and edits wait. */
  busy: boolean;
  lastSale: Sale | null;
  /** The loyalty block of lastSale's receipt; null when it had no member. */
  lastSaleLoyalty: ReceiptLoyalty | null;
  /**
   * The loyalty member (会员) the sale being rung up is for, or null. Kept when the sale
   * is parked and resumed; cleared when the sale completes, is parked or is cleared.
   */
  member: AttachedMember | null;
  /** The parked sale the current cart was resumed from, if any. */
  resumedParkedId: string | null;
  parked: ParkedSale[];
  /**
   * The identity the next sale is numbered with (meta 'terminal'), as last read by
   * refreshTerminal(); null while the till is not enrolled — it must not sell then.
   */
  terminal: TerminalIdentity | null;

  /** Re-read the terminal identity (at start-up, and when enrolment writes it). */
  refreshTerminal(): Promise<void>;
  /** Ring up a scanned code (EAN, scale label). Unknown → "Unknown barcode …". */
  scanBarcode(code: string): Promise<void>;
  /**
   * Start looking up a code that is still being typed (the barcode field calls it as the
   * digits arrive), so the scan of exactly that code, when Enter comes, finds the answer
   * ready and rings it up without waiting for the database. Only a hint: never changes
   * state, and an answer older than PREFETCH_FRESH_MS is not used.
   */
  prefetchBarcode(code: string): void;
  /** Add a product picked from search; weighed items need `quantityText` in kg ("0.255"). */
  addProduct(product: Product, quantityText?: string): void;
  /** Set a line's quantity from what the cashier typed ("3", or "0.255" kg). */
  setQuantityText(lineId: string, text: string): void;
  voidLine(lineId: string): void;
  setLineDiscount(lineId: string, discount: Discount | null): void;
  setOrderDiscount(discount: Discount | null): void;
  selectLine(lineId: string | null): void;
  addTender(tender: Tender): void;
  removeTender(index: number): void;
  clearTenders(): void;
  /**
   * Attach the member a typed or scanned member number or phone number names (exact
   * match, see renderer/db/members.ts). Resolves true when attached; otherwise the
   * reason is the cashier message ("No member with number or phone …").
   */
  attachMember(text: string): Promise<boolean>;
  /** The sale is for nobody in particular again. */
  removeMember(): void;
  /** Save the sale (one transaction). Resolves with the sale, or null when it could not. */
  complete(): Promise<Sale | null>;
  park(note?: string | null): Promise<void>;
  resume(parkedId: string): Promise<void>;
  refreshParked(): Promise<void>;
  /** Start over with an empty cart (the resumed parked sale, if any, stays parked). */
  clearSale(): void;
  dismissMessage(): void;
}

export type TillStore = StoreApi<TillState>;

export function createTillStore(deps: TillStoreDeps): TillStore {
  const { db, settings, currency } = deps;

  return createStore<TillState>()((set, get) => {
    /** Derived figures for a cart and tenders. */
    const derive = (cart: Cart, tenders: Tender[]) => {
      const totals = computeTotals(cart, settings);
      return {
        cart,
        totals,
        tenders,
        tenderState: evaluateTenders(totals.total, tenders, { currency: cart.currency }),
      };
    };
    const fresh = (cart: Cart = emptyCart(currency)) => derive(cart, []);
    const error = (e: unknown): void => set({ message: { kind: 'error', text: describeError(e) } });
    /** Apply a domain change to the cart; a CartError becomes the cashier message. */
    const change = (f: (cart: Cart) => Cart): boolean => {
      if (get().busy) {
        set({ message: { kind: 'info', text: 'Saving the sale — one moment' } });
        return false;
      }
      try {
        set({ ...derive(f(get().cart), get().tenders), message: null });
        return true;
      } catch (e) {
        error(e);
        return false;
      }
    };
    const addResolved = (
      product: Product,
      quantity: number | undefined,
      barcode: string | null,
    ) => {
      const lineId = deps.newId();
      const before = get().cart.lines;
      const ok = change((cart) => addProductToCart(cart, product, { lineId, quantity, barcode }));
      if (!ok) return;
      // Select the line that changed: the new one, or the existing line whose count rose.
      const after = get().cart.lines;
      const changed =
        after.find((l) => l.lineId === lineId) ??
        after.find((l, i) => before[i] !== undefined && before[i].quantity !== l.quantity);
      if (changed) set({ selectedLineId: changed.lineId });
    };
    const members = createMemberActions({
      db,
      isBusy: () => get().busy,
      current: () => get().member,
      setMember: (member, message) => set({ member, message }),
      tell: (message) => set({ message }),
      error,
    });
    const scans = createBarcodeScans({
      db,
      isBusy: () => get().busy,
      tell: (message) => set({ message }),
      error,
      addLine: addResolved,
    });

    return {
      ...fresh(),
      selectedLineId: null,
      message: null,
      busy: false,
      lastSale: null,
      lastSaleLoyalty: null,
      member: null,
      resumedParkedId: null,
      parked: [],
      terminal: null,

      async refreshTerminal() {
        try {
          const row = await db.meta.get('terminal');
          const parsed = terminalIdentitySchema.safeParse(row?.value);
          set({ terminal: parsed.success ? parsed.data : null });
        } catch (e) {
          error(e);
        }
      },

      scanBarcode: scans.scanBarcode,
      prefetchBarcode: scans.prefetchBarcode,

      addProduct(product, quantityText) {
        try {
          const quantity =
            quantityText === undefined ? undefined : parseQuantity(quantityText, product.unit);
          addResolved(product, quantity, null);
        } catch (e) {
          error(e);
        }
      },

      setQuantityText(lineId, text) {
        const line = get().cart.lines.find((l) => l.lineId === lineId);
        if (!line) return error(new Error('That line is no longer on the sale'));
        try {
          const quantity = parseQuantity(text, line.unit);
          change((cart) => setQuantity(cart, lineId, quantity));
        } catch (e) {
          error(e);
        }
      },

      voidLine(lineId) {
        change((cart) => voidLineOnCart(cart, lineId));
      },
      setLineDiscount(lineId, discount) {
        change((cart) => setLineDiscountOnCart(cart, lineId, discount));
      },
      setOrderDiscount(discount) {
        change((cart) => setOrderDiscountOnCart(cart, discount));
      },
      selectLine(lineId) {
        set({ selectedLineId: lineId });
      },

      addTender(tender) {
        try {
          toMinor(tender.amountMinor);
          set({ ...derive(get().cart, [...get().tenders, tender]), message: null });
        } catch (e) {
          error(e);
        }
      },
      removeTender(index) {
        set(
          derive(
            get().cart,
            get().tenders.filter((_, i) => i !== index),
          ),
        );
      },
      clearTenders() {
        set(derive(get().cart, []));
      },

      attachMember: members.attachMember,
      removeMember: members.removeMember,

      async complete() {
        // A scan made just before "pay" belongs to this sale: let its lookup land first.
        await scans.settled();
        const state = get();
        if (state.busy) return null;
        // Whether the till may sell (has an identity) is decided by completeSale inside
        // the sale transaction, not by `terminal` here, which may lag enrolment.
        const refusal =
          state.totals.itemCount === 0
            ? 'The sale has no items'
            : state.tenderState.canComplete
              ? null
              : (state.tenderState.problem ?? 'The payment is incomplete');
        if (refusal !== null) {
          set({ message: { kind: 'error', text: refusal } });
          return null;
        }
        set({ busy: true, message: null });
        try {
          const { sale, loyalty } = await completeSale(
            db,
            {
              cashierId: deps.cashierId,
              cart: state.cart,
              settings,
              tenders: state.tenders,
              parkedSaleId: state.resumedParkedId,
              member: state.member,
            },
            { now: deps.now, newId: deps.newId, faultAt: deps.faultAt },
          );
          const changeText =
            sale.changeMinor > 0
              ? ` — change ${formatMoney({ minor: sale.changeMinor, currency: sale.currency })}`
              : '';
          set({
            ...fresh(emptyCart(sale.currency)),
            busy: false,
            lastSale: sale,
            lastSaleLoyalty: loyalty,
            member: null,
            resumedParkedId: null,
            selectedLineId: null,
            message: { kind: 'success', text: `Sale ${sale.receiptNumber} complete${changeText}` },
          });
          if (state.resumedParkedId) await get().refreshParked();
          if (get().terminal?.terminalId !== sale.terminalId) await get().refreshTerminal();
          return sale;
        } catch (e) {
          // A shop rule (domain error) is told as is; anything else is a storage failure,
          // and the transaction guarantees nothing of the sale was kept.
          if (e instanceof TillNotEnrolledError) void get().refreshTerminal();
          const text =
            isDomainError(e) || e instanceof TillNotEnrolledError
              ? describeError(e)
              : `The sale was not saved: ${describeError(e)}. Nothing was recorded — try again.`;
          set({ busy: false, message: { kind: 'error', text } });
          return null;
        }
      },

      async park(note = null) {
        const state = get();
        if (state.busy) return;
        try {
          const parked = await parkSale(
            db,
            {
              cart: state.cart,
              cashierId: deps.cashierId,
              settings,
              note,
              id: state.resumedParkedId,
              member: state.member,
            },
            deps,
          );
          set({
            ...fresh(emptyCart(state.cart.currency)),
            member: null,
            resumedParkedId: null,
            selectedLineId: null,
            message: { kind: 'info', text: `Sale parked (${parked.itemCount} items)` },
          });
          await get().refreshParked();
        } catch (e) {
          error(e);
        }
      },

      async resume(parkedId) {
        const state = get();
        if (state.busy) return;
        if (state.totals.itemCount > 0) {
          set({
            message: {
              kind: 'error',
              text: 'Finish or park the current sale before resuming another',
            },
          });
          return;
        }
        try {
          const parked = await resumeParked(db, parkedId);
          // The member comes back with the sale, with the balance pulled since it was
          // parked; a sale parked without one keeps a member attached to the empty sale.
          const member = parked.member
            ? await members.withCurrentBalance(parked.member)
            : get().member;
          set({
            ...derive(parked.cart, []),
            member,
            resumedParkedId: parked.id,
            selectedLineId: null,
            message: { kind: 'info', text: 'Parked sale resumed' },
          });
        } catch (e) {
          error(e);
        }
      },

      async refreshParked() {
        try {
          set({ parked: await listParked(db) });
        } catch (e) {
          error(e);
        }
      },

      clearSale() {
        if (get().busy) return;
        set({
          ...fresh(emptyCart(get().cart.currency)),
          member: null,
          resumedParkedId: null,
          selectedLineId: null,
          message: null,
        });
      },

      dismissMessage() {
        set({ message: null });
      },
    };
  });
}
