// Starts the device wiring for the running till and shows what the devices have to say:
// why receipts wait (paper, cover, offline), a drawer that did not open, and the "No sale"
// button. Only renders and dispatches; the rules are in till-devices.ts and cash-drawer.ts.
// The app shell wraps the cashier screen in it: <TillDevicesArea runtime={…}>…</…>.
import { useEffect, useState, type ReactNode } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { useStore } from 'zustand';
import { createTillHost } from '../host/create-till-host';
import type { TillRuntime } from '../ui/boot';
import { startTillDevices, type TillDevices } from './till-devices';
import './till-devices.css';

export function TillDevicesArea({
  runtime,
  children,
}: {
  runtime: TillRuntime;
  children: ReactNode;
}) {
  const [devices, setDevices] = useState<TillDevices | null>(null);

  useEffect(() => {
    // A second window must not print or open the drawer while the first sells; it takes
    // the devices over when it takes over the till.
    let live = true;
    let started: { devices: TillDevices; close(): void } | null = null;
    const { config } = runtime;
    void runtime.selling.then(async () => {
      if (!live) return;
      const host = await createTillHost({ bridge: config.bridge ?? null });
      const close = () =>
        'close' in host && typeof host.close === 'function' ? host.close() : undefined;
      if (!live) return close();
      const wired = startTillDevices({
        db: runtime.db,
        store: runtime.store,
        host,
        receiptStore: {
          name: config.store.name,
          address: config.store.address ?? null,
          phone: config.store.phone ?? null,
          footer: config.store.footer ?? null,
        },
        receiptOptions: () => ({ timeZone: config.timeZone }),
        now: () => new Date().toISOString(),
        newId: () => uuidv7(),
      });
      started = { devices: wired, close };
      setDevices(wired);
    });
    return () => {
      live = false;
      started?.devices.stop();
      started?.close();
    };
  }, [runtime]);

  return (
    <>
      {children}
      {devices ? <DeviceBar devices={devices} cashierId={runtime.config.cashier.id} /> : null}
    </>
  );
}

function DeviceBar({ devices, cashierId }: { devices: TillDevices; cashierId: string }) {
  const { printerProblem, receiptsWaiting, drawer, drawerBusy } = useStore(devices.state);
  const waiting =
    receiptsWaiting > 0
      ? `${receiptsWaiting} receipt${receiptsWaiting === 1 ? '' : 's'} waiting to print`
      : null;
  return (
    <section className="device-bar" aria-label="Printer and cash drawer">
      <div
        role="alert"
        aria-label="Printer"
        className={printerProblem ? 'message message-error' : 'message-empty'}
      >
        {printerProblem ? `${printerProblem}${waiting ? ` (${waiting})` : ''}` : null}
      </div>
      <div
        role="status"
        aria-label="Cash drawer"
        className={
          drawer ? `message message-${drawer.tone === 'error' ? 'error' : 'info'}` : 'message-empty'
        }
      >
        {drawer?.text ?? null}
      </div>
      <button type="button" disabled={drawerBusy} onClick={() => void devices.noSale(cashierId)}>
        No sale 开钱箱
      </button>
    </section>
  );
}
