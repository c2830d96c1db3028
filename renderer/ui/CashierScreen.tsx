// The cashier screen. Keyboard first: the cursor always comes back to the barcode field
// (after every action, a click elsewhere, a dialog closing); the scanner works wherever
// focus is (attachWedge); function keys reach every action:
//   F2 quantity · F3 line discount · F4 order discount · F6 park · F7 parked sales
//   F8 void line · F9 pay · F10 member · ↑/↓ select a line (when no search results are shown)
// Components only render and dispatch: every rule is in the store and domain/.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Product, Sale } from '../../domain';
import { handleScannedCode } from '../app/scan-input';
import { NOT_ENROLLED_MESSAGE } from '../db/complete-sale';
import { attachWedge } from '../scanner/attach-wedge';
import { describeError } from '../stores/messages';
import { BarcodeField } from './BarcodeField';
import type { TillRuntime } from './boot';
import { CartTable } from './CartTable';
import { DiscountDialog, type DiscountTarget } from './DiscountDialog';
import { MemberDialog } from './MemberDialog';
import { MemberPanel } from './MemberPanel';
import { MessageBar } from './MessageBar';
import { ParkedDialog } from './ParkedDialog';
import { PayScreen } from './PayScreen';
import { QuantityDialog, type QuantityTarget } from './QuantityDialog';
import { ReceiptPreview } from './ReceiptPreview';
import { RecentSales } from './RecentSales';
import { TillContext, type TillContextValue } from './till-context';
import { TotalsPanel } from './TotalsPanel';
import { useStore } from 'zustand';

type DialogState =
  | { kind: 'none' }
  | { kind: 'pay' }
  | { kind: 'quantity'; target: QuantityTarget }
  | { kind: 'discount'; target: DiscountTarget }
  | { kind: 'parked' }
  | { kind: 'member' };

const TEXT_ENTRY = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * A field a scan is typed into rather than rung up: the barcode field, and fields marked
 * `data-scan-field` (the member number, so a member card can be scanned there).
 */
function isScanField(el: Element | null, barcode: HTMLInputElement | null): boolean {
  return el !== null && (el === barcode || el.hasAttribute('data-scan-field'));
}

export function CashierScreen({ runtime }: { runtime: TillRuntime }) {
  const { store, config, db } = runtime;
  const [lockFree, setLockFree] = useState(runtime.lock.state === 'acquired');
  // A till with a head office has no identity until it has enrolled once: no selling.
  const enrolled = useStore(store, (s) => s.terminal !== null);
  const canSell = lockFree && enrolled;
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const [receipt, setReceipt] = useState<Sale | null>(null);
  const barcodeRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;
  const canSellRef = useRef(canSell);
  canSellRef.current = canSell;

  const refocus = useCallback(() => {
    if (dialogRef.current.kind !== 'none') return;
    const input = barcodeRef.current;
    if (input && document.activeElement !== input) input.focus({ preventScroll: true });
  }, []);

  // Second window: wait for the other one to close, then this one may sell.
  useEffect(() => {
    if (lockFree) return;
    let live = true;
    void runtime.selling.then(() => {
      if (live) setLockFree(true);
    });
    return () => {
      live = false;
    };
  }, [lockFree, runtime.selling]);

  // The wedge scanner: scans are caught wherever focus is, never typed into a field.
  // In the barcode field itself (and the member number field) the detector stands aside: scanned or typed, what is
  // there when Enter comes is rung up, so a scanner whose key timing jitters (Bluetooth,
  // a busy machine) still scans correctly there, and typing is not held back.
  // A layout effect, so it is attached before the screen can receive its first key.
  useLayoutEffect(() => {
    return attachWedge({
      // The same handler serial scans reach through the device wiring (renderer/app).
      onScan: (code) => handleScannedCode({ store, canSell: () => canSellRef.current }, code),
      enabled: () =>
        !canSellRef.current || !isScanField(document.activeElement, barcodeRef.current),
    });
  }, [store]);
  // A failure outside React rendering (a rejected promise in a handler) becomes a
  // message for the cashier instead of a silent dead button.
  useEffect(() => {
    const onRejection = (e: PromiseRejectionEvent): void => {
      store.setState({ message: { kind: 'error', text: describeError(e.reason) } });
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, [store]);
  // The moment the till can take a scan (read by the cold-start bench).
  useLayoutEffect(() => {
    performance.mark('till-ready');
  }, []);

  // Focus comes back to the barcode field: after a click on anything that is not a text
  // field, when the window regains focus, after every store change, when dialogs close.
  useEffect(() => {
    const soon = (): void => {
      setTimeout(() => {
        const el = document.activeElement;
        if (el && TEXT_ENTRY.has(el.tagName) && el !== document.body) return;
        refocus();
      }, 0);
    };
    document.addEventListener('click', soon);
    window.addEventListener('focus', soon);
    const unsubscribe = store.subscribe(soon);
    return () => {
      document.removeEventListener('click', soon);
      window.removeEventListener('focus', soon);
      unsubscribe();
    };
  }, [store, refocus]);
  useEffect(() => {
    if (dialog.kind === 'none') refocus();
  }, [dialog, canSell, refocus]);

  const state = useStore(store);
  const selected = state.cart.lines.find((l) => l.lineId === state.selectedLineId && !l.voided);
  const hasItems = state.totals.itemCount > 0;

  const actions = useMemo(() => {
    const s = store.getState;
    const lineOrMessage = () => {
      const st = s();
      const line = st.cart.lines.find((l) => l.lineId === st.selectedLineId && !l.voided);
      if (!line) store.setState({ message: { kind: 'error', text: 'Select a line first' } });
      return line;
    };
    return {
      quantity() {
        const line = lineOrMessage();
        if (line) {
          setDialog({
            kind: 'quantity',
            target: { kind: 'line', lineId: line.lineId, name: line.name, unit: line.unit },
          });
        }
      },
      lineDiscount() {
        const line = lineOrMessage();
        if (line) {
          setDialog({
            kind: 'discount',
            target: { kind: 'line', lineId: line.lineId, name: line.name },
          });
        }
      },
      orderDiscount() {
        setDialog({ kind: 'discount', target: { kind: 'order' } });
      },
      voidLine() {
        const line = lineOrMessage();
        if (line) s().voidLine(line.lineId);
      },
      park() {
        void s().park();
      },
      parked() {
        void s()
          .refreshParked()
          .then(() => setDialog({ kind: 'parked' }));
      },
      pay() {
        if (s().totals.itemCount === 0) {
          store.setState({ message: { kind: 'error', text: 'The sale has no items' } });
          return;
        }
        setDialog({ kind: 'pay' });
      },
      moveSelection(delta: 1 | -1) {
        const st = s();
        const lines = st.cart.lines.filter((l) => !l.voided);
        if (lines.length === 0) return;
        const at = lines.findIndex((l) => l.lineId === st.selectedLineId);
        const next = at === -1 ? (delta === 1 ? 0 : lines.length - 1) : at + delta;
        const line = lines[Math.max(0, Math.min(lines.length - 1, next))];
        if (line) st.selectLine(line.lineId);
      },
      member() {
        setDialog({ kind: 'member' });
      },
      pickWeighed(product: Product) {
        setDialog({ kind: 'quantity', target: { kind: 'weigh', product } });
      },
    };
  }, [store]);

  // Function keys, wherever focus is (not while a dialog is open).
  useEffect(() => {
    const keys: Record<string, () => void> = {
      F2: actions.quantity,
      F3: actions.lineDiscount,
      F4: actions.orderDiscount,
      F6: actions.park,
      F7: actions.parked,
      F8: actions.voidLine,
      F9: actions.pay,
      F10: actions.member,
    };
    const onKey = (e: KeyboardEvent): void => {
      const run = keys[e.key];
      if (!run || dialogRef.current.kind !== 'none' || !canSellRef.current) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const context: TillContextValue = useMemo(
    () => ({ store, config, db, canSell, refocus }),
    [store, config, db, canSell, refocus],
  );
  const closeDialog = (): void => setDialog({ kind: 'none' });

  return (
    <TillContext.Provider value={context}>
      <div className="till" data-can-sell={canSell}>
        <header className="till-header">
          <h1>
            {config.store.name}{' '}
            <span className="terminal">
              · {state.terminal?.terminalCode ?? config.terminal.code}
            </span>
          </h1>
          <span aria-label="Cashier">收银员 Cashier: {config.cashier.name}</span>
          {runtime.storage.warning ? (
            <span role="status" className="storage-warning">
              {runtime.storage.warning}
            </span>
          ) : null}
        </header>
        {!lockFree ? (
          <div role="alert" className="lock-banner">
            This till is already open in another window. 本收银台已在其他窗口打开 — close the other
            window to sell here.
          </div>
        ) : !enrolled ? (
          <div role="alert" className="lock-banner">
            {NOT_ENROLLED_MESSAGE}
          </div>
        ) : null}
        <MessageBar />
        <fieldset className="till-body" disabled={!canSell} aria-label="Sale">
          <section className="sale-panel" aria-label="Current sale">
            <BarcodeField
              ref={barcodeRef}
              onMoveSelection={actions.moveSelection}
              onPickWeighed={actions.pickWeighed}
            />
            <CartTable />
          </section>
          <aside className="side-panel">
            <MemberPanel />
            <TotalsPanel />
            <div className="actions" role="toolbar" aria-label="Sale actions">
              <button type="button" onClick={actions.quantity} disabled={!selected}>
                Quantity 数量 <kbd>F2</kbd>
              </button>
              <button type="button" onClick={actions.lineDiscount} disabled={!selected}>
                Line discount 单品折扣 <kbd>F3</kbd>
              </button>
              <button type="button" onClick={actions.orderDiscount} disabled={!hasItems}>
                Order discount 整单折扣 <kbd>F4</kbd>
              </button>
              <button type="button" onClick={actions.voidLine} disabled={!selected}>
                Void line 删除 <kbd>F8</kbd>
              </button>
              <button type="button" onClick={actions.park} disabled={!hasItems}>
                Park 挂单 <kbd>F6</kbd>
              </button>
              <button type="button" onClick={actions.parked}>
                Parked sales 取单 ({state.parked.length}) <kbd>F7</kbd>
              </button>
              <button type="button" onClick={actions.member}>
                Member 会员 <kbd>F10</kbd>
              </button>
              <button
                type="button"
                className="primary pay-button"
                onClick={actions.pay}
                disabled={!hasItems || state.busy}
              >
                Pay 收款 <kbd>F9</kbd>
              </button>
            </div>
          </aside>
        </fieldset>
        <div className="bottom-panels">
          {receipt ? <ReceiptPreview sale={receipt} onClose={() => setReceipt(null)} /> : null}
          <RecentSales />
        </div>
        {dialog.kind === 'pay' ? (
          <PayScreen
            onClose={closeDialog}
            onCompleted={(sale) => {
              setReceipt(sale);
              closeDialog();
            }}
          />
        ) : null}
        {dialog.kind === 'quantity' ? (
          <QuantityDialog target={dialog.target} onClose={closeDialog} />
        ) : null}
        {dialog.kind === 'discount' ? (
          <DiscountDialog target={dialog.target} onClose={closeDialog} />
        ) : null}
        {dialog.kind === 'parked' ? <ParkedDialog onClose={closeDialog} /> : null}
        {dialog.kind === 'member' ? <MemberDialog onClose={closeDialog} /> : null}
      </div>
    </TillContext.Provider>
  );
}
