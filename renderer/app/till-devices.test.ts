import { afterEach, describe, expect, it } from 'vitest';
import { READY_PRINTER } from '../../hardware/contract/memory-host-services';
import { HostCallError, type PrinterStatus } from '../../hardware/contract/till-host';
import { DEMO_PRICING_SETTINGS } from '../db/demo-catalogue';
import type { TillDb } from '../db/schema';
import { COLA, freshDb, testDeps } from '../db/test-support';
import { describePrintJob, type SpoolJob } from '../print/spooler';
import { createTillStore, type TillStore } from '../stores/till-store';
import { NO_SALE_AUDIT } from './cash-drawer';
import { createFakeTillHost, type FakeTillHost } from './fake-till-host';
import { startTillDevices, type TillDevices } from './till-devices';

const STORE = { name: '演示商店 Demo Store', address: null, phone: null, footer: '谢谢惠顾' };
const running: TillDevices[] = [];
afterEach(() => {
  for (const d of running.splice(0)) d.stop();
});

function status(change: Partial<PrinterStatus> = {}): PrinterStatus {
  return {
    printerId: 'receipt',
    ...READY_PRINTER,
    checkedAt: '2026-11-23T10:00:00.000Z',
    ...change,
  };
}

async function setup(): Promise<{
  db: TillDb;
  host: FakeTillHost;
  store: TillStore;
  devices: TillDevices;
}> {
  const { db } = await freshDb();
  await db.products.put(COLA);
  const host = createFakeTillHost(() => '2026-11-23T10:00:00.000Z');
  const deps = testDeps('sale');
  const store = createTillStore({
    db,
    cashierId: 'C01',
    settings: DEMO_PRICING_SETTINGS,
    currency: 'CNY',
    now: deps.now,
    newId: deps.newId,
  });
  const devices = startTillDevices({
    db,
    store,
    host,
    receiptStore: STORE,
    receiptOptions: () => ({ timeZone: 'Asia/Shanghai' }),
    now: deps.now,
    newId: deps.newId,
    retryMs: 0,
  });
  running.push(devices);
  await devices.spooler.kick();
  return { db, host, store, devices };
}

/** Ring two colas and pay with `tender`. */
async function ringSale(store: TillStore, tender: 'cash' | 'card') {
  store.getState().addProduct(COLA, '2');
  const total = store.getState().totals.total;
  store
    .getState()
    .addTender(
      tender === 'cash'
        ? { kind: 'cash', amountMinor: 1000 }
        : { kind: 'card', amountMinor: total, reference: 'AUTH-1' },
    );
  const sale = await store.getState().complete();
  if (sale === null) throw new Error(store.getState().message?.text ?? 'sale failed');
  return sale;
}

describe('till devices', () => {
  it('opens the drawer, then prints the receipt job the sale persisted, for a cash sale', async () => {
    const { db, host, store, devices } = await setup();
    const sale = await ringSale(store, 'cash');
    await devices.idle();

    const job = await db.printJobs.toCollection().first();
    expect(job).toMatchObject({ saleId: sale.id, state: 'printed' });
    const names = host.services.received.map((r) => r.name);
    expect(names.filter((n) => n === 'drawerOpen' || n === 'printerPrint')).toEqual([
      'drawerOpen',
      'printerPrint',
    ]);
    expect(host.callsOf('drawerOpen')).toEqual([
      { reason: 'cash_tender', userId: 'C01', saleId: sale.id, printerId: null },
    ]);
    const [print] = host.callsOf('printerPrint') as {
      jobId: string;
      job: { kind: string; copy: boolean; document: Record<string, unknown> };
    }[];
    expect(print?.jobId).toBe(job?.id);
    expect(print?.job).toMatchObject({ kind: 'receipt', copy: false });
    expect(print?.job.document).toMatchObject({
      receiptNumber: sale.receiptNumber,
      totalMinor: sale.totals.total,
      store: { name: STORE.name },
    });
    expect(devices.state.getState()).toMatchObject({ printerProblem: null, receiptsWaiting: 0 });
  });

  it('prints a card sale without opening the drawer', async () => {
    const { host, store, devices } = await setup();
    await ringSale(store, 'card');
    await devices.idle();
    expect(host.callsOf('drawerOpen')).toEqual([]);
    expect(host.callsOf('printerPrint')).toHaveLength(1);
  });

  it('keeps the receipt while the printer is out of paper, says why, and prints it once when paper is back', async () => {
    const { db, host, store, devices } = await setup();
    let printed = 0;
    host.services.override('printerPrint', async () => {
      throw new HostCallError(
        'printer_out_of_paper',
        'Printer out of paper — the receipt will print when paper is loaded',
      );
    });
    host.services.emit({ name: 'printerStatusChanged', payload: status({ paperOut: true }) });
    await ringSale(store, 'cash');
    await devices.idle();

    expect(devices.state.getState()).toMatchObject({
      printerProblem: 'Printer out of paper — the receipt will print when paper is loaded',
      receiptsWaiting: 1,
    });
    expect((await db.printJobs.toArray()).map((j) => j.state)).toEqual(['failed']);

    host.services.override('printerPrint', async (args) => {
      printed += 1;
      return { jobId: args.jobId, printerId: 'receipt', bytes: 512, warning: null };
    });
    host.services.emit({ name: 'printerStatusChanged', payload: status() });
    await expect.poll(() => devices.state.getState().receiptsWaiting).toBe(0);
    await devices.spooler.kick(); // another round must not print it again
    expect(printed).toBe(1);
    expect((await db.printJobs.toArray()).map((j) => j.state)).toEqual(['printed']);
    expect(devices.state.getState().printerProblem).toBeNull();
  });

  it('says "sent, not confirmed" when the host could not confirm the receipt printed, and does not send it again', async () => {
    const { db, host, store, devices } = await setup();
    const warning = 'The printer did not confirm the receipt; check it before printing a copy';
    host.services.override('printerPrint', async (args) => ({
      jobId: args.jobId,
      printerId: 'receipt',
      bytes: 512,
      warning,
    }));
    await ringSale(store, 'card');
    await devices.idle();
    const [job] = await db.printJobs.toArray();
    expect(job).toMatchObject({ state: 'printed', warning });
    expect(describePrintJob(job as SpoolJob).text).toBe(
      `Receipt ${job?.receiptNumber} sent to the printer: ${warning}`,
    );
    await devices.spooler.kick();
    expect(host.callsOf('printerPrint')).toHaveLength(1);
  });

  it('shows what the printer reports even before a receipt waits', async () => {
    const { host, devices } = await setup();
    host.services.emit({ name: 'printerStatusChanged', payload: status({ coverOpen: true }) });
    await expect
      .poll(() => devices.state.getState().printerProblem)
      .toBe('Printer cover is open — close it and receipts will print');
    host.services.emit({ name: 'printerStatusChanged', payload: status() });
    await expect.poll(() => devices.state.getState().printerProblem).toBeNull();
  });

  it('tells the cashier when the drawer does not open, and still prints', async () => {
    const { host, store, devices } = await setup();
    host.services.override('drawerOpen', async () => {
      throw new HostCallError('printer_offline', 'Printer offline — check the cable and power');
    });
    await ringSale(store, 'cash');
    await devices.idle();
    expect(devices.state.getState().drawer).toEqual({
      tone: 'error',
      text: 'Cash drawer did not open — Printer offline — check the cable and power',
    });
    expect(host.callsOf('printerPrint')).toHaveLength(1);
  });

  it('prints receipts left queued before a restart as soon as it starts', async () => {
    const { db, host, store, devices } = await setup();
    devices.stop();
    await ringSale(store, 'card'); // nobody listening: the job stays queued
    expect(host.callsOf('printerPrint')).toHaveLength(0);

    const again = startTillDevices({
      db,
      store,
      host,
      receiptStore: STORE,
      now: () => '2026-11-23T11:00:00.000Z',
      newId: () => 'reprint-1',
      retryMs: 0,
    });
    running.push(again);
    await expect
      .poll(async () => (await db.printJobs.toArray()).map((j) => j.state))
      .toEqual(['printed']);
    expect(host.callsOf('printerPrint')).toHaveLength(1);
  });

  it('opens the drawer for a no-sale with an audit entry and says so', async () => {
    const { db, host, devices } = await setup();
    const outcome = await devices.noSale('C01');
    expect(outcome.ok).toBe(true);
    expect(host.callsOf('drawerOpen')).toEqual([
      { reason: 'no_sale', userId: 'C01', saleId: null, printerId: null },
    ]);
    expect((await db.audit.toArray()).map((a) => a.type)).toEqual([NO_SALE_AUDIT]);
    expect(devices.state.getState().drawer).toEqual({
      tone: 'info',
      text: 'Drawer opened — no sale (recorded)',
    });
  });
});
