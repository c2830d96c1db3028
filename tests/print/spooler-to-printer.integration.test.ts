// The whole printing path with real parts: the renderer's spooler over a fake-indexeddb
// till database → a PrintPort that calls the host's print service (with print-once per job
// id) → TCP → the virtual printer, which is run out of paper, opened, switched off and
// restarted mid-queue. Every receipt comes out once, in sale order.
import { afterEach, describe, expect, it } from 'vitest';
import { createPrintOnce, printReceipt, type PrintTargetInput } from '../../hardware/printing';
import { VirtualPrinter } from '../../hardware/virtual-printer';
import { completeSale } from '../../renderer/db/complete-sale';
import type { TillDb } from '../../renderer/db/schema';
import { freshDb, sampleCart, saleInput, testDeps } from '../../renderer/db/test-support';
import type { PrintPort, PrintWaitCode } from '../../renderer/print/print-port';
import { PrintSpooler } from '../../renderer/print/spooler';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const printer = await VirtualPrinter.start();
  cleanups.push(() => printer.stop());
  const target: PrintTargetInput = {
    address: printer.address,
    paperWidth: 58,
    profile: 'text',
    timeouts: { connectMs: 300, statusMs: 300, writeMs: 2000 },
  };
  const once = createPrintOnce();
  let loseNextAnswer = false;
  // What the host does for printer:print, minus the transport.
  const port: PrintPort = {
    async print(req) {
      const r = await once.run(req.jobId, () => printReceipt({ target, document: req.document }));
      if (loseNextAnswer) {
        loseNextAnswer = false;
        return { ok: false, code: 'no_answer', message: 'The bridge dropped the answer' };
      }
      if (r.ok) return { ok: true, warning: r.value.warning };
      const code: PrintWaitCode = r.error.code === 'invalid_request' ? 'rejected' : r.error.code;
      return { ok: false, code, message: r.error.message };
    },
  };
  const { db } = await freshDb();
  cleanups.push(() => db.close());
  const deps = testDeps('j');
  const spooler = new PrintSpooler({
    db,
    port,
    store: () => ({ name: '好邻居便利店', footer: '谢谢惠顾' }),
    now: deps.now,
    newId: deps.newId,
    retryMs: 0,
  });
  cleanups.push(() => spooler.stop());
  const sell = async (n: number): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push((await completeSale(db, saleInput(sampleCart(i + 1)), deps)).sale.receiptNumber);
    }
    return out;
  };
  return { printer, spooler, db, sell, loseAnswer: () => (loseNextAnswer = true) };
}

const states = async (db: TillDb) =>
  (await db.printJobs.orderBy('createdAt').toArray()).map((j) => j.state);

describe('spooler → print service → TCP → virtual printer', () => {
  it('survives paper out mid-queue, cover open, power off and restart: every receipt once, in order', async () => {
    const { printer, spooler, db, sell } = await setup();
    const numbers = await sell(5);

    // Paper runs out right after the first receipt.
    const off = printer.onReceipt(() => printer.setState({ paperEnd: true }));
    await spooler.start();
    off();
    expect(await states(db)).toEqual(['printed', 'failed', 'queued', 'queued', 'queued']);
    expect(spooler.printerProblem()?.message).toBe(
      'Printer out of paper — the receipt will print when paper is loaded',
    );

    // Paper loaded but the cover is left open.
    printer.setState({ paperEnd: false, coverOpen: true });
    await spooler.kick();
    expect(spooler.printerProblem()?.code).toBe('cover_open');

    // Cover closed; one more prints, then the printer is switched off.
    printer.setState({ coverOpen: false });
    const off2 = printer.onReceipt(() => void printer.stop());
    await spooler.kick();
    off2();
    expect(spooler.printerProblem()?.code).toBe('unreachable');

    // Switched on again (same port): the rest prints.
    await printer.restart();
    await spooler.kick();
    expect(await states(db)).toEqual(['printed', 'printed', 'printed', 'printed', 'printed']);
    expect(printer.receipts.map((r) => r.barcodes[0])).toEqual(numbers);
    // The receipt the printer took just before it went off is shown as unconfirmed.
    const views = await spooler.list();
    expect(views.filter((v) => v.text.includes('if it did not come out, reprint it'))).toHaveLength(
      1,
    );
    expect(spooler.printerProblem()).toBeNull();
  });

  it('a lost answer is retried with the same job id and prints once', async () => {
    const { printer, spooler, db, sell, loseAnswer } = await setup();
    const numbers = await sell(2);
    loseAnswer();
    await spooler.start();
    expect(printer.receipts).toHaveLength(1);
    await spooler.kick();
    expect(await states(db)).toEqual(['printed', 'printed']);
    expect(printer.receipts.map((r) => r.barcodes[0])).toEqual(numbers);
  });

  it('a reprint comes out marked as a copy', async () => {
    const { printer, spooler, db, sell } = await setup();
    await sell(1);
    await spooler.start();
    const [job] = await db.printJobs.toArray();
    await spooler.reprint(job?.saleId ?? '', 'M01');
    await spooler.kick();
    const [original, copy] = printer.receipts;
    expect(original?.lines.some((l) => l.includes('COPY / 重印'))).toBe(false);
    expect(copy?.lines.filter((l) => l.includes('COPY / 重印'))).toHaveLength(2);
    expect(copy?.barcodes).toEqual(original?.barcodes);
  });
});
