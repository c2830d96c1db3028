// A serial scan (TillHost `scanner:scan` event from the in-memory host, through the real
// device wiring) rings up exactly as a keyboard-wedge scan (attachWedge → the same
// handler the cashier screen uses), and neither lands in a focused field.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PRICING_SETTINGS } from '../db/demo-catalogue';
import { COLA, freshDb, testDeps } from '../db/test-support';
import { attachWedge, insertIntoField } from '../scanner/attach-wedge';
import { createTillStore, type TillStore } from '../stores/till-store';
import { createFakeTillHost, type FakeTillHost } from './fake-till-host';
import { handleScannedCode } from './scan-input';
import { startTillDevices, type TillDevices } from './till-devices';

const CODE = COLA.barcodes[0] as string;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A keydown with a chosen timeStamp (Node has Event but no KeyboardEvent). */
class FakeKey extends Event {
  constructor(
    readonly key: string,
    private readonly at: number,
  ) {
    super('keydown', { cancelable: true, bubbles: true });
  }
  override get timeStamp(): number {
    return this.at;
  }
}

/** A text field with a caret, like the pay screen's amount or the quantity field. */
class FakeField extends EventTarget {
  value = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  setRangeText(text: string, start: number, end: number): void {
    this.value = this.value.slice(0, start) + text + this.value.slice(end);
    this.selectionStart = this.selectionEnd = start + text.length;
  }
}

/** A till store, its devices on the in-memory host, and a page the wedge listens on. */
async function till(opts: { canSell?: () => boolean } = {}): Promise<{
  store: TillStore;
  host: FakeTillHost;
  field: FakeField;
  /** Keys at `gapMs` apart starting at `at` ms, as a wedge scanner or a person types them. */
  keys(text: readonly string[], at: number, gapMs: number): void;
  serialScan(code: string): void;
}> {
  const { db } = await freshDb();
  await db.products.put(COLA);
  const deps = testDeps('line');
  const store = createTillStore({
    db,
    cashierId: 'C01',
    settings: DEMO_PRICING_SETTINGS,
    currency: 'CNY',
    now: deps.now,
    newId: deps.newId,
  });
  const canSell = opts.canSell ?? (() => true);
  const host = createFakeTillHost(() => '2026-11-23T10:00:00.000Z');
  const devices: TillDevices = startTillDevices({
    db,
    store,
    host,
    receiptStore: { name: 'Shop' },
    now: deps.now,
    newId: deps.newId,
    retryMs: 0,
    canSell,
  });
  // The focused field: what the wedge lets through (typing) is inserted at its caret, as
  // deliverToFocused does in the browser.
  const field = new FakeField();
  const page = new EventTarget();
  const detach = attachWedge({
    target: page,
    onScan: (code) => handleScannedCode({ store, canSell }, code),
    deliver: (text) => insertIntoField(field, text),
  });
  cleanups.push(() => {
    detach();
    devices.stop();
  });
  return {
    store,
    host,
    field,
    keys(text, at, gapMs) {
      text.forEach((key, i) => page.dispatchEvent(new FakeKey(key, at + i * gapMs)));
    },
    serialScan(code) {
      host.services.emit({
        name: 'scannerScan',
        payload: { code, source: 'serial', port: '/dev/ttyV0', at: '2026-11-23T10:00:00.000Z' },
      });
    },
  };
}

/** A wedge scanner: the code 8 ms a key, then Enter. */
const wedgeScan = (code: string): string[] => [...code, 'Enter'];

/** Wait until the store's scan lookups have added `count` items. */
async function untilItems(store: TillStore, count: number): Promise<void> {
  await expect.poll(() => store.getState().totals.itemCount).toBe(count);
}

describe('serial scans and wedge scans', () => {
  it('a serial scan event adds the product line exactly as a wedge scan does', async () => {
    const wedge = await till();
    const serial = await till();

    wedge.keys(wedgeScan(CODE), 1_000, 8);
    serial.serialScan(CODE);
    await untilItems(wedge.store, 1);
    await untilItems(serial.store, 1);
    const [w, s] = [wedge.store.getState(), serial.store.getState()];
    expect(s.cart).toEqual(w.cart);
    expect(s.cart.lines).toMatchObject([{ productId: COLA.id, quantity: 1, barcode: CODE }]);
    expect(s.selectedLineId).toBe(w.selectedLineId);
    expect(s.totals).toEqual(w.totals);
    expect(s.message).toEqual(w.message);

    // A second scan of the same code raises the count on the same line, from either source.
    wedge.keys(wedgeScan(CODE), 2_000, 8);
    serial.serialScan(CODE);
    await untilItems(wedge.store, 2);
    await untilItems(serial.store, 2);
    expect(serial.store.getState().cart).toEqual(wedge.store.getState().cart);
    expect(serial.store.getState().cart.lines).toHaveLength(1);
  });

  it('an unknown code says so the same way from either scanner', async () => {
    const wedge = await till();
    const serial = await till();
    wedge.keys(wedgeScan('1234567890128'), 1_000, 8);
    serial.serialScan('1234567890128');
    await expect.poll(() => serial.store.getState().message).not.toBeNull();
    await expect.poll(() => wedge.store.getState().message).not.toBeNull();
    expect(serial.store.getState().message).toEqual({
      kind: 'error',
      text: 'Unknown barcode 1234567890128',
    });
    expect(wedge.store.getState().message).toEqual(serial.store.getState().message);
  });

  it('with the cursor in the pay / quantity field, scans ring up and never land in the field', async () => {
    const t = await till();
    // The cashier types "3" into the field (a person's pace), then both scanners scan.
    t.keys(['3'], 0, 0);
    t.keys(wedgeScan(CODE), 1_000, 8);
    t.serialScan(CODE);
    await untilItems(t.store, 2);
    expect(t.field.value).toBe('3');
    expect(t.store.getState().cart.lines).toMatchObject([{ productId: COLA.id, quantity: 2 }]);
  });

  it('a window that may not sell ignores serial scans, as it ignores wedge scans', async () => {
    let canSell = false;
    const t = await till({ canSell: () => canSell });
    t.serialScan(CODE);
    t.keys(wedgeScan(CODE), 1_000, 8);
    // Give a lookup time to land if one had been started.
    await new Promise((r) => setTimeout(r, 50));
    expect(t.store.getState().totals.itemCount).toBe(0);
    canSell = true;
    t.serialScan(CODE);
    await untilItems(t.store, 1);
  });
});
