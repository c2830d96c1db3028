// One way in for a scanned code, whichever scanner read it. A keyboard-wedge scanner is
// told apart from typing in the renderer (renderer/scanner/attach-wedge, attached by the
// cashier screen); a serial scanner is read by the hardware service and arrives as a
// TillHost `scanner:scan` event (routed here by the device wiring, till-devices.ts). Both
// call handleScannedCode, so a code rings up the same way from either: looked up in order,
// a weighed label, a payment code, "Saving the sale" while busy — all in the till store.
// Neither ever types into a field: the wedge stops the scan's keys before they land, and
// a serial scan is not a key press at all, so a scan with the cursor in the pay screen or
// the quantity field rings the item up and leaves the field as the cashier left it.
import type { TillHost, Unsubscribe } from '../../hardware/contract/till-host';
import type { TillStore } from '../stores/till-store';

export interface ScanTarget {
  store: TillStore;
  /** False in a window that must not sell (the till is open in another window). */
  canSell(): boolean;
}

/** Ring up a scanned code (suffix already stripped), from a wedge or a serial scanner. */
export function handleScannedCode(target: ScanTarget, code: string): void {
  if (!target.canSell()) return;
  void target.store.getState().scanBarcode(code);
}

/** Serial scans from the device host go to the same handler as wedge scans. */
export function routeHostScans(host: Pick<TillHost, 'onScan'>, target: ScanTarget): Unsubscribe {
  return host.onScan((scan) => handleScannedCode(target, scan.code));
}
