// Joins the till to its devices: when the till store completes a sale, the cash drawer
// opens (cash tenders only) and the print job the sale transaction persisted is handed to
// the spooler, which prints it through the TillHost PrintPort. A "No sale" opens the drawer
// with an audit entry. Printer trouble becomes a sentence in a small status store the
// screen shows; nothing here renders, and no component decides any of it. Serial scanner
// codes (host `scanner:scan` events) ring up through the same handler as wedge scans
// (scan-input.ts).
//
// Order per sale: the drawer first (the cashier is counting change), then the receipt.
// Both go to the same printer, and many receipt printers take one TCP connection at a
// time, so they are not sent in parallel.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Sale } from '../../domain';
import type { BuildReceiptOptions, ReceiptStore } from '../../domain/receipt';
import type { PrinterStatus, TillHost } from '../../hardware/contract/till-host';
import type { TillDb } from '../db/schema';
import { tillHostPrintPort } from '../print/print-port';
import { PrintSpooler } from '../print/spooler';
import type { TillStore } from '../stores/till-store';
import { openDrawerForSale, openDrawerNoSale, type DrawerOutcome } from './cash-drawer';
import { routeHostScans } from './scan-input';

export interface DeviceNotice {
  tone: 'error' | 'info';
  text: string;
}

export interface DeviceState {
  /** Why receipts wait (spooler), or what the printer last reported; null when all is well. */
  printerProblem: string | null;
  /** Receipts not printed yet (queued, printing or waiting). */
  receiptsWaiting: number;
  /** Last drawer outcome worth telling the cashier (a failure, or a no-sale). */
  drawer: DeviceNotice | null;
  /** A no-sale is in progress (the button waits). */
  drawerBusy: boolean;
}

export interface TillDevicesDeps {
  db: TillDb;
  store: TillStore;
  host: TillHost;
  /** Header and footer of every receipt. */
  receiptStore: ReceiptStore;
  /** Per-sale receipt options (time zone, …): the same the on-screen preview uses. */
  receiptOptions?: (sale: Sale) => BuildReceiptOptions;
  /** ISO-8601 clock. */
  now(): string;
  /** UUIDv7 (reprint job ids). */
  newId(): string;
  /** ms between retries of waiting receipts; default 5,000 (0 = only on events). */
  retryMs?: number;
  /**
   * Whether this window may sell (serial scans are ignored while false). Default always:
   * the devices are only started in the window that holds the till.
   */
  canSell?: () => boolean;
}

export interface TillDevices {
  readonly spooler: PrintSpooler;
  readonly state: StoreApi<DeviceState>;
  /** Open the drawer without a sale, audited under `userId`. */
  noSale(userId: string): Promise<DrawerOutcome>;
  /** Resolves when the device work for every sale completed so far is done (tests, bench). */
  idle(): Promise<void>;
  stop(): void;
}

/** The printer's own report in cashier words, or null when it can print. */
export function printerStatusProblem(s: PrinterStatus): string | null {
  if (s.paperOut) return 'Printer out of paper — load paper and receipts will print';
  if (s.coverOpen) return 'Printer cover is open — close it and receipts will print';
  if (s.error) return 'Printer reports an error — switch it off and on';
  if (!s.online) return 'Printer is offline — check the cable and power';
  return null;
}

export function startTillDevices(deps: TillDevicesDeps): TillDevices {
  const { db, store, host } = deps;
  const state = createStore<DeviceState>()(() => ({
    printerProblem: null,
    receiptsWaiting: 0,
    drawer: null,
    drawerBusy: false,
  }));
  /** What the last printer:status-changed event said (used while no receipt waits). */
  let reported: string | null = null;
  let stopped = false;

  const refresh = async (): Promise<void> => {
    if (stopped) return;
    try {
      const waiting = await db.printJobs
        .where('state')
        .anyOf('queued', 'printing', 'failed')
        .count();
      const spooled = spooler.printerProblem()?.message ?? null;
      state.setState({
        receiptsWaiting: waiting,
        printerProblem: waiting > 0 ? (spooled ?? reported) : reported,
      });
    } catch {
      // The database closed under us (shutting down); the next change refreshes again.
    }
  };

  const spooler = new PrintSpooler({
    db,
    port: tillHostPrintPort(host),
    store: () => deps.receiptStore,
    now: deps.now,
    newId: deps.newId,
    ...(deps.receiptOptions ? { receiptOptions: deps.receiptOptions } : {}),
    retryMs: deps.retryMs ?? 5_000,
    onChange: () => void refresh(),
  });

  // Device work for sales runs one after another, in sale order.
  let chain: Promise<void> = Promise.resolve();
  const afterSale = (sale: Sale): void => {
    chain = chain.then(async () => {
      if (stopped) return;
      const drawer = await openDrawerForSale({ host, db, now: deps.now }, sale);
      if (drawer && !drawer.ok) state.setState({ drawer: { tone: 'error', text: drawer.message } });
      else if (drawer) state.setState({ drawer: null });
      await spooler.kick();
      await refresh();
    });
  };

  const offSale = store.subscribe((s, prev) => {
    if (s.lastSale !== null && s.lastSale !== prev.lastSale) afterSale(s.lastSale);
  });

  const offStatus = host.onPrinterStatusChanged((status) => {
    reported = printerStatusProblem(status);
    void refresh();
    // Paper loaded, cover shut, back online: print what waits now, not at the next tick.
    if (reported === null) void spooler.kick().then(refresh);
  });

  // Serial scans: the same handler as the wedge scanner's on the cashier screen.
  const canSell = deps.canSell ?? (() => true);
  const offScan = routeHostScans(host, { store, canSell: () => !stopped && canSell() });

  // Receipts left from before a restart (or a crash mid-print) go out first.
  void spooler.start().then(refresh);

  return {
    spooler,
    state,
    async noSale(userId) {
      state.setState({ drawerBusy: true });
      const outcome = await openDrawerNoSale({ host, db, now: deps.now }, userId);
      state.setState({
        drawerBusy: false,
        drawer: outcome.ok
          ? { tone: 'info', text: 'Drawer opened — no sale (recorded)' }
          : { tone: 'error', text: outcome.message },
      });
      return outcome;
    },
    async idle() {
      let seen: Promise<void> | null = null;
      while (seen !== chain) {
        seen = chain;
        await chain;
      }
    },
    stop() {
      stopped = true;
      offSale();
      offStatus();
      offScan();
      spooler.stop();
    },
  };
}
