// The real path: print service → TCP → virtual printer, with the faults a shop meets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { buildReceiptDocument, layoutReceipt, layoutText } from '../../domain/receipt';
import { chineseSale, TEST_STORE } from '../../domain/receipt/test-sale';
import { VirtualPrinter } from '../virtual-printer';
import { createPrintOnce } from './print-once';
import {
  getPrinterStatus,
  openCashDrawer,
  printJob,
  printReceipt,
  UNCONFIRMED_WARNING,
} from './print-service';
import type { PrintTargetInput } from './printer-target';

const doc = buildReceiptDocument(chineseSale(), TEST_STORE);
let printer: VirtualPrinter;
let target: PrintTargetInput;

beforeEach(async () => {
  printer = await VirtualPrinter.start();
  target = {
    address: printer.address,
    paperWidth: 58,
    profile: 'text',
    timeouts: { connectMs: 500, statusMs: 300, writeMs: 2000 },
  };
});
afterEach(async () => {
  await printer.stop();
});

describe('printReceipt over TCP', () => {
  it('prints the receipt the virtual printer decodes line for line', async () => {
    const result = await printReceipt({ target, document: doc });
    expect(result.ok).toBe(true);
    const [receipt] = await printer.waitForReceipts(1);
    expect(receipt?.lines.filter((l) => l !== '')).toEqual(
      layoutText(layoutReceipt(doc, 32)).filter((l) => l !== ''),
    );
    expect(receipt?.barcodes).toEqual(['S001-T01-000042']);
    // status asked before (1, 2, 4) and after (1, 2, 4) the job
    expect(printer.statusRequests).toEqual([1, 2, 4, 1, 2, 4]);
  });

  it('opens the drawer with the receipt when asked, with exactly 1B 70 00 19 FA', async () => {
    const result = await printReceipt({ target, document: doc, openDrawer: true });
    expect(result.ok).toBe(true);
    await printer.waitForReceipts(1);
    expect(printer.drawerKicks.map((k) => k.hex)).toEqual(['1B 70 00 19 FA']);
  });

  it.each([
    ['paper out', { paperEnd: true }, 'paper_out', /out of paper/],
    ['cover open', { coverOpen: true }, 'cover_open', /cover is open/],
    ['offline', { online: false }, 'offline', /offline/],
  ] as const)('refuses to send when %s, and sends nothing', async (_name, state, code, message) => {
    printer.setState(state);
    const result = await printReceipt({ target, document: doc });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(printer.receipts).toHaveLength(0);
    expect(printer.heldCommands).toBe(0); // refused before any print data was sent
  });

  it('tells the cashier the exact paper-out sentence', async () => {
    printer.setState({ paperEnd: true });
    const result = await printReceipt({ target, document: doc });
    expect(result.ok ? '' : result.error.message).toBe(
      'Printer out of paper — the receipt will print when paper is loaded',
    );
  });

  it('answers unreachable when the printer is switched off', async () => {
    await printer.stop();
    const result = await printReceipt({ target, document: doc });
    expect(result.ok ? null : result.error.code).toBe('unreachable');
  });

  it('times out on a printer that accepts but never answers status', async () => {
    printer.setState({ unresponsive: true });
    const started = Date.now();
    const result = await printReceipt({ target, document: doc });
    expect(result.ok ? null : result.error.code).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(printer.receipts).toHaveLength(0);
  });

  it('prints again after the printer is restarted on the same port', async () => {
    expect((await printReceipt({ target, document: doc })).ok).toBe(true);
    const port = printer.port;
    await printer.restart();
    expect(printer.port).toBe(port);
    expect((await printReceipt({ target, document: doc })).ok).toBe(true);
    await printer.waitForReceipts(2);
  });

  it('rejects invalid settings and documents with a readable reason', async () => {
    const bad = await printReceipt({ target: { ...target, address: 'lpt1' }, document: doc });
    expect(bad.ok ? '' : bad.error.message).toMatch(/tcp:\/\/host:port/);
    const badDoc = await printReceipt({ target, document: { ...doc, totalMinor: 1.5 } });
    expect(badDoc.ok ? '' : badDoc.error.code).toBe('invalid_request');
  });
});

describe('printJob (raw bytes)', () => {
  it('answers ok with a warning when paper runs out during a job the printer took', async () => {
    // A printer whose paper ends as the job arrives: the status after the job says so.
    const server = net.createServer((socket) => {
      let jobSeen = false;
      socket.on('data', (chunk: Buffer) => {
        for (let i = 0; i < chunk.length; i++) {
          if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) {
            const n = chunk[i + 2];
            const paperEnd = jobSeen;
            socket.write(
              Buffer.from([
                n === 1
                  ? paperEnd
                    ? 0x1a
                    : 0x12
                  : n === 2
                    ? paperEnd
                      ? 0x32
                      : 0x12
                    : paperEnd
                      ? 0x72
                      : 0x12,
              ]),
            );
            i += 2;
          } else {
            jobSeen = true;
          }
        }
      });
      socket.on('end', () => socket.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const result = await printJob(
      { ...target, address: `tcp://127.0.0.1:${port}` },
      Buffer.from('hello\n'),
    );
    await new Promise<void>((r) => server.close(() => r()));
    // Sending it again would print it twice: the printer finishes it once paper is loaded.
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.status.paperEnd).toBe(true);
    expect(result.value.warning).toMatch(/^Printer out of paper .*finishes it by itself/);
  });
});

describe('a printer that goes away right after the cut', () => {
  it('answers ok, unconfirmed, so the receipt is not sent (and printed) a second time', async () => {
    const off = printer.onReceipt(() => void printer.stop());
    const result = await printReceipt({ target, document: doc });
    off();
    expect(result.ok && result.value.warning).toBe(UNCONFIRMED_WARNING);
    expect(printer.receipts).toHaveLength(1);
  });
});

describe('status and drawer', () => {
  it('reads DLE EOT status into named flags', async () => {
    printer.setState({ paperNearEnd: true, drawerOpen: true });
    const result = await getPrinterStatus(target);
    expect(result).toEqual({
      ok: true,
      value: {
        online: true,
        coverOpen: false,
        paperEnd: false,
        paperNearEnd: true,
        drawerOpen: true,
        error: false,
      },
    });
    printer.setState({ paperEnd: true, coverOpen: true });
    const down = await getPrinterStatus(target);
    expect(down.ok && down.value).toMatchObject({ online: false, paperEnd: true, coverOpen: true });
  });

  it('opens the drawer with ESC p when ready and with the real-time pulse when out of paper', async () => {
    expect(await openCashDrawer({ ...target, drawer: { pin: 5, pulseMs: 100 } })).toEqual({
      ok: true,
      value: { via: 'esc_p' },
    });
    printer.setState({ paperEnd: true });
    expect(await openCashDrawer(target)).toEqual({ ok: true, value: { via: 'realtime_pulse' } });
    expect(printer.drawerKicks.map((k) => [k.via, k.hex])).toEqual([
      ['esc_p', '1B 70 01 32 FA'],
      ['realtime_pulse', '10 14 01 00 01'],
    ]);
  });
});

describe('createPrintOnce', () => {
  it('prints a job id once even when the renderer retries it', async () => {
    const once = createPrintOnce();
    const print = () => printReceipt({ target, document: doc });
    const [a, b] = await Promise.all([once.run('job-1', print), once.run('job-1', print)]);
    const c = await once.run('job-1', print);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
    await printer.waitForReceipts(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(printer.receipts).toHaveLength(1);
  });

  it('does not remember a failed attempt', async () => {
    const once = createPrintOnce();
    printer.setState({ paperEnd: true });
    expect((await once.run('job-2', () => printReceipt({ target, document: doc }))).ok).toBe(false);
    printer.makeReady();
    expect((await once.run('job-2', () => printReceipt({ target, document: doc }))).ok).toBe(true);
    await printer.waitForReceipts(1);
  });
});
