// The till store's scan path: scanned codes are looked up in the order they were scanned,
// a code may be looked up while it is still being typed (the look-ahead), and one ringUp
// turns a lookup's answer into a cart line or a message for the cashier, whichever way
// the answer came. Kept apart from till-store.ts because it is about the order and timing
// of database lookups rather than the sale itself: it reads and changes the store only
// through the callbacks the store hands it, so the cart, tender and park rules stay there.
import { barcodeLookAheads, classifyPaymentCode, type Product } from '../../domain';
import { lookupBarcode, type BarcodeMatch } from '../db/catalogue';
import type { TillDb } from '../db/schema';
import type { CashierMessage } from './till-store';

/**
 * How long (ms) a look-ahead lookup stays good for the scan of its code. A wedge scanner
 * types a code in ~0.1 s and a cashier in a few seconds; a catalogue pull landing in
 * between is a change the scan could equally have missed by being a moment earlier.
 */
export const PREFETCH_FRESH_MS = 1000;

/**
 * Look-aheads kept at once: a 12-digit run starts two (itself, and the EAN-13 it becomes
 * with its check digit), and the code before it may still be the one scanned.
 */
const LOOKAHEADS_KEPT = 3;

interface Prefetch {
  code: string;
  /** performance.now() when the lookup started, ms. */
  startedAt: number;
  lookup: Promise<BarcodeMatch | null>;
  /** Set when the lookup has answered. */
  result: { match: BarcodeMatch | null } | null;
}

/** What the scan path needs from the till store. */
export interface BarcodeScanDeps {
  db: TillDb;
  /** True while a sale is being saved: a scan is then refused, not queued. */
  isBusy(): boolean;
  /** Show the cashier a message. */
  tell(message: CashierMessage): void;
  /** Tell the cashier what went wrong with a lookup. */
  error(e: unknown): void;
  /** Add a product to the cart and select its line; quantity in grams for a scale label. */
  addLine(product: Product, quantity: number | undefined, barcode: string | null): void;
}

export interface BarcodeScans {
  /** TillState.scanBarcode: resolves once this scan (and every one before it) is rung up. */
  scanBarcode(code: string): Promise<void>;
  /** TillState.prefetchBarcode: a hint only, never changes state. */
  prefetchBarcode(code: string): void;
  /** The scans queued so far, settled: complete() waits on it so no scan misses the sale. */
  settled(): Promise<void>;
}

export function createBarcodeScans(deps: BarcodeScanDeps): BarcodeScans {
  const { db, isBusy, tell, error, addLine } = deps;

  // Scans are looked up in order even when the database answers out of order.
  let scanQueue: Promise<void> = Promise.resolve();
  /** Scans queued or being looked up; a look-ahead answer may only jump an empty queue. */
  let scansInFlight = 0;
  /** Lookups started while a code was being typed (prefetchBarcode), newest last; each used once. */
  let prefetched: Prefetch[] = [];
  const isFresh = (e: Prefetch): boolean => performance.now() - e.startedAt <= PREFETCH_FRESH_MS;
  const takePrefetch = (barcode: string): Prefetch | null => {
    const entry = prefetched.find((e) => e.code === barcode);
    if (entry === undefined) return null;
    prefetched = prefetched.filter((e) => e !== entry);
    return isFresh(entry) ? entry : null;
  };
  const lookAhead = (barcode: string): void => {
    const earlier = prefetched.find((e) => e.code === barcode);
    if (earlier !== undefined && isFresh(earlier)) return;
    // A stale look-ahead of the same code is replaced, not kept in the way of a new one.
    prefetched = prefetched.filter((e) => e !== earlier);
    const entry: Prefetch = {
      code: barcode,
      startedAt: performance.now(),
      result: null,
      lookup: Promise.resolve(null),
    };
    entry.lookup = lookupBarcode(db, barcode).then((match) => {
      entry.result = { match };
      return match;
    });
    // A failed look-ahead is forgotten; the scan itself looks up again and reports.
    entry.lookup.catch(() => {
      prefetched = prefetched.filter((e) => e !== entry);
    });
    prefetched = [...prefetched, entry].slice(-LOOKAHEADS_KEPT);
  };
  const busyRefusesScan = (): boolean => {
    if (!isBusy()) return false;
    tell({ kind: 'info', text: 'Saving the sale — scan again in a moment' });
    return true;
  };

  /** What a looked-up scan does: a line, or the message saying why not. */
  const ringUp = (barcode: string, match: BarcodeMatch | null): void => {
    if (match === null) {
      const wallet = classifyPaymentCode(barcode);
      const text = wallet
        ? `That is a ${wallet === 'wechat' ? 'WeChat Pay' : 'Alipay'} payment code — take it on the pay screen`
        : `Unknown barcode ${barcode}`;
      tell({ kind: 'error', text });
      return;
    }
    if (match.kind === 'weighed') {
      if (match.grams < 1) {
        tell({ kind: 'error', text: `The scale label for ${match.product.name} shows no weight` });
        return;
      }
      addLine(match.product, match.grams, match.barcode);
    } else if (match.product.unit === 'kg') {
      tell({ kind: 'error', text: `Weigh ${match.product.name} and scan the scale label` });
    } else {
      addLine(match.product, undefined, match.barcode);
    }
  };

  return {
    scanBarcode(code) {
      const barcode = code.trim();
      const early = takePrefetch(barcode);
      // Nothing queued ahead and the lookup already answered while the code was typed:
      // ring it up now, in the same task as the Enter, so it is painted in the next frame.
      if (early !== null && early.result !== null && scansInFlight === 0) {
        if (!busyRefusesScan()) ringUp(barcode, early.result.match);
        return Promise.resolve();
      }
      const run = async (): Promise<void> => {
        if (barcode === '') return;
        if (busyRefusesScan()) return;
        try {
          ringUp(barcode, await (early?.lookup ?? lookupBarcode(db, barcode)));
        } catch (e) {
          error(e);
        }
      };
      const counted = async (): Promise<void> => {
        try {
          await run();
        } finally {
          scansInFlight -= 1;
        }
      };
      scansInFlight += 1;
      scanQueue = scanQueue.then(counted, counted);
      return scanQueue;
    },

    prefetchBarcode(code) {
      const barcode = code.trim();
      if (barcode === '') return;
      for (const candidate of barcodeLookAheads(barcode)) lookAhead(candidate);
    },

    // Not async: handing back the queue itself keeps complete()'s wait exactly as long.
    settled: () => scanQueue,
  };
}
