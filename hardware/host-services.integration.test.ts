// Host services with the real printer driver against the virtual ESC/POS printer on
// loopback: the same TCP, DLE EOT and ESC/POS path a real printer takes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchByName } from './contract/dispatch';
import type { HostEvent } from './contract/till-host';
import { createHostServices, type RunningHostServices } from './host-services';
import { createPrinterDriver } from './printer-driver';
import { createFileSettingsStore } from './settings/settings-store';
import { VirtualPrinter } from './virtual-printer';

describe('host services → printer driver → virtual printer', () => {
  let dir: string;
  let printer: VirtualPrinter;
  let services: RunningHostServices;
  const events: HostEvent[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-host-int-'));
    printer = await VirtualPrinter.start();
    events.length = 0;
    services = await makeServices(0);
  });

  /** pollMs 0 = no status polling (only the status-change test polls). */
  async function makeServices(pollMs: number): Promise<RunningHostServices> {
    const s = await createHostServices({
      settings: createFileSettingsStore(join(dir, 'devices.json'), { log: () => {} }),
      printer: createPrinterDriver({ virtualAddress: printer.address }),
      listPorts: async () => [],
      startScanner: () => {
        throw new Error('no scanner in this test');
      },
      statusPollMs: pollMs,
      log: () => {},
    });
    s.subscribe((e) => events.push(e));
    return s;
  }
  afterEach(async () => {
    await services.close();
    await printer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rawJob = (text: string) => ({
    jobId: 'job-1',
    printerId: null,
    job: {
      kind: 'raw' as const,
      bytesBase64: Buffer.concat([
        Buffer.from([0x1b, 0x40]),
        Buffer.from(`${text}\n`, 'latin1'),
        Buffer.from([0x1d, 0x56, 0x01]),
      ]).toString('base64'),
    },
  });

  it('prints raw bytes on the virtual printer', async () => {
    const reply = await dispatchByName(services, 'printerPrint', rawJob('Till test print'));
    expect(reply, JSON.stringify(reply)).toMatchObject({
      ok: true,
      value: { jobId: 'job-1', printerId: 'receipt' },
    });
    const [receipt] = await printer.waitForReceipts(1);
    expect(receipt?.text).toContain('Till test print');
  });

  it('refuses to print when the printer is out of paper, saying so', async () => {
    printer.setState({ paperEnd: true });
    const reply = await dispatchByName(services, 'printerPrint', rawJob('lost?'));
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'printer_out_of_paper',
        message: 'Printer out of paper — the receipt will print when paper is loaded',
      },
    });
    expect(printer.receipts).toEqual([]);
  });

  it('reads status and opens the drawer', async () => {
    expect(await dispatchByName(services, 'printerStatus', { printerId: null })).toMatchObject({
      ok: true,
      value: { printerId: 'receipt', online: true, paperOut: false, coverOpen: false },
    });
    const reply = await dispatchByName(services, 'drawerOpen', {
      reason: 'no_sale',
      userId: 'manager-1',
      saleId: null,
      printerId: null,
    });
    expect(reply).toMatchObject({ ok: true, value: { printerId: 'receipt' } });
    expect(printer.drawerKicks).toHaveLength(1);
  });

  it('pushes printer:status-changed when the cover opens', async () => {
    await services.close();
    services = await makeServices(50);
    const deadline = Date.now() + 5_000;
    while (!events.some((e) => e.name === 'printerStatusChanged') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    printer.setState({ coverOpen: true });
    while (
      !events.some((e) => e.name === 'printerStatusChanged' && e.payload.coverOpen) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const changes = events.filter((e) => e.name === 'printerStatusChanged');
    expect(changes.map((e) => e.payload.coverOpen)).toEqual([false, true]);
  });
});
