// The spooler against a real (fake-indexeddb) till database and a scripted printer host:
// faults mid-queue, restarts, lost answers. Invariants checked in every scenario: no job
// lost, none printed twice, receipts come out in the order they were queued.
import { afterEach, describe, expect, it } from 'vitest';
import { completeSale } from '../db/complete-sale';
import type { TillDb } from '../db/schema';
import { freshDb, sampleCart, saleInput, testDeps } from '../db/test-support';
import type { PrintPort, PrintPortResult, PrintRequest, PrintWaitCode } from './print-port';
import { describePrintJob, PrintSpooler, type SpoolJob } from './spooler';

/** A printer host as the spooler sees it: prints a job id at most once, can fail on demand. */
class FakeHost implements PrintPort {
  /** Physical paper: every receipt that came out, in order. */
  readonly paper: PrintRequest[] = [];
  private printedIds = new Set<string>();
  fault: PrintWaitCode | null = null;
  /** Print, but lose the answer (the bridge drops) for the next N calls. */
  loseAnswers = 0;
  /** Run out of paper after this many more receipts. */
  paperLeft = Infinity;

  async print(req: PrintRequest): Promise<PrintPortResult> {
    if (this.printedIds.has(req.jobId)) return { ok: true }; // host-side print-once
    if (this.fault) return { ok: false, code: this.fault, message: `fault: ${this.fault}` };
    if (this.paperLeft <= 0) {
      return {
        ok: false,
        code: 'paper_out',
        message: 'Printer out of paper — the receipt will print when paper is loaded',
      };
    }
    this.paperLeft -= 1;
    this.paper.push(req);
    this.printedIds.add(req.jobId);
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1;
      return { ok: false, code: 'no_answer', message: 'timeout' };
    }
    return { ok: true };
  }
}

let db: TillDb | null = null;
const spoolers: PrintSpooler[] = [];
afterEach(() => {
  for (const s of spoolers.splice(0)) s.stop();
  db?.close();
  db = null;
});

async function setup(opts: { retryMs?: number } = {}) {
  const fresh = await freshDb();
  db = fresh.db;
  const deps = testDeps('p');
  const host = new FakeHost();
  const make = (d: TillDb) => {
    const s = new PrintSpooler({
      db: d,
      port: host,
      store: () => ({ name: '好邻居便利店', footer: '谢谢惠顾' }),
      now: deps.now,
      newId: deps.newId,
      retryMs: opts.retryMs ?? 0,
    });
    spoolers.push(s);
    return s;
  };
  const sell = async (n: number): Promise<string[]> => {
    const numbers: string[] = [];
    for (let i = 0; i < n; i++) {
      const done = await completeSale(fresh.db, saleInput(sampleCart(i + 1)), deps);
      numbers.push(done.sale.receiptNumber);
    }
    return numbers;
  };
  return { db: fresh.db, reopen: fresh.reopen, host, spooler: make(fresh.db), make, sell };
}

const jobs = async (d: TillDb) => (await d.printJobs.orderBy('createdAt').toArray()) as SpoolJob[];

/** Every receipt number printed exactly once per job, in queue order. */
async function expectAllPrintedOnceInOrder(d: TillDb, host: FakeHost): Promise<void> {
  const all = await jobs(d);
  expect(all.every((j) => j.state === 'printed')).toBe(true);
  const ids = host.paper.map((p) => p.jobId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(all.map((j) => j.id));
}

describe('PrintSpooler', () => {
  it('prints queued receipts oldest first and marks them done', async () => {
    const { db: d, host, spooler, sell } = await setup();
    const numbers = await sell(3);
    const report = await spooler.start();
    expect(report.printed).toHaveLength(3);
    expect(host.paper.map((p) => p.document.receiptNumber)).toEqual(numbers);
    expect(host.paper[0]?.document.store.name).toBe('好邻居便利店');
    await expectAllPrintedOnceInOrder(d, host);
    expect((await spooler.list()).map((v) => v.status)).toEqual(['done', 'done', 'done']);
  });

  it('keeps the queue when paper runs out mid-queue and finishes it in order when paper is loaded', async () => {
    const { db: d, host, spooler, sell } = await setup();
    await sell(4);
    host.paperLeft = 1;
    const first = await spooler.start();
    expect(first.printed).toHaveLength(1);
    expect(first.waiting.map((w) => w.code)).toEqual(['paper_out']);
    const states = (await jobs(d)).map((j) => j.state);
    expect(states).toEqual(['printed', 'failed', 'queued', 'queued']);
    const waiting = (await jobs(d))[1] as SpoolJob;
    expect(describePrintJob(waiting)).toMatchObject({
      status: 'waiting',
      text: expect.stringContaining(
        'Printer out of paper — the receipt will print when paper is loaded',
      ),
    });
    expect(spooler.printerProblem()?.code).toBe('paper_out');

    // A retry while still out of paper changes nothing and prints nothing ahead.
    await spooler.kick();
    expect(host.paper).toHaveLength(1);

    host.paperLeft = Infinity;
    await spooler.kick();
    await expectAllPrintedOnceInOrder(d, host);
    expect(spooler.printerProblem()).toBeNull();
  });

  it.each([
    ['offline', 'offline'],
    ['cover open', 'cover_open'],
    ['unreachable (printer restarting)', 'unreachable'],
  ] as const)(
    'waits while the printer is %s, says why, and prints everything once when back',
    async (_n, code) => {
      const { db: d, host, spooler, sell } = await setup();
      await sell(2);
      host.fault = code;
      await spooler.start();
      const [a, b] = await jobs(d);
      expect(a?.state).toBe('failed');
      expect((a as SpoolJob).waitCode).toBe(code);
      expect(b?.state).toBe('queued');
      expect(host.paper).toHaveLength(0);
      host.fault = null;
      await spooler.kick();
      await expectAllPrintedOnceInOrder(d, host);
    },
  );

  it('retries waiting jobs on its timer', async () => {
    const { db: d, host, spooler, sell } = await setup({ retryMs: 20 });
    await sell(2);
    host.fault = 'offline';
    await spooler.start();
    expect(host.paper).toHaveLength(0);
    host.fault = null;
    await expect
      .poll(async () => (await jobs(d)).every((j) => j.state === 'printed'), { timeout: 2000 })
      .toBe(true);
    await expectAllPrintedOnceInOrder(d, host);
  });

  it('retries a job whose answer was lost with the same id, so it prints once', async () => {
    const { db: d, host, spooler, sell } = await setup();
    await sell(2);
    host.loseAnswers = 1;
    const first = await spooler.start();
    expect(first.waiting.map((w) => w.code)).toEqual(['no_answer']);
    expect(host.paper).toHaveLength(1);
    await spooler.kick();
    await expectAllPrintedOnceInOrder(d, host);
    expect((await jobs(d))[0]?.attempts).toBe(2);
  });

  it('after a till restart, prints a job left "printing" and the rest, none twice', async () => {
    const { db: d, host, reopen, make, sell } = await setup();
    await sell(3);
    // The till stopped right after marking the first job printing (and the host printed it).
    const [first] = await jobs(d);
    await d.printJobs.update(first?.id ?? '', { state: 'printing' });
    await host.print({ jobId: first?.id ?? '', document: {} as never, copy: false });
    d.close();
    const again = await reopen();
    db = again;
    await make(again).start();
    await expectAllPrintedOnceInOrder(again, host);
  });

  it('reprints a past receipt as a new job marked copy, audited', async () => {
    const { db: d, host, spooler, sell } = await setup();
    await sell(1);
    await spooler.start();
    const [orig] = await jobs(d);
    const job = await spooler.reprint(orig?.saleId ?? '', 'M01');
    await spooler.kick();
    expect(job.copy).toBe(true);
    expect(host.paper.map((p) => [p.copy, p.document.copy])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect((await d.printJobs.get(job.id))?.state).toBe('printed');
    const audit = await d.audit.toArray();
    expect(audit.at(-1)).toMatchObject({
      type: 'receipt.reprinted',
      actorId: 'M01',
      refId: orig?.saleId,
    });
    await expect(spooler.reprint('no-such-sale', 'M01')).rejects.toThrow(/No sale/);
  });

  it('lets later receipts print past one the host refuses, which keeps waiting', async () => {
    const { db: d, host, spooler, sell } = await setup();
    await sell(2);
    const [bad] = await jobs(d);
    const realPrint = host.print.bind(host);
    host.print = async (req) =>
      req.jobId === bad?.id
        ? { ok: false, code: 'rejected', message: 'invalid document' }
        : realPrint(req);
    await spooler.start();
    const states = (await jobs(d)).map((j) => j.state);
    expect(states).toEqual(['failed', 'printed']);
    expect(host.paper).toHaveLength(1);
  });

  it("prints a member's loyalty block, and the same figures on a reprint", async () => {
    const { db: d, host, spooler } = await setup();
    await d.loyaltyBalances.put({ customerId: 'c-zhang', pointsBalance: 1200, pulledAt: null });
    const deps = testDeps('m');
    const member = { customerId: 'c-zhang', name: '张伟' };
    const { sale } = await completeSale(d, { ...saleInput(sampleCart(2)), member }, deps);
    await completeSale(d, saleInput(sampleCart(1)), deps);
    await spooler.start();
    // A pull after the sale does not change what its receipt said.
    await d.loyaltyBalances.put({ customerId: 'c-zhang', pointsBalance: 5000, pulledAt: 'later' });
    await spooler.reprint(sale.id, 'M01');
    await spooler.kick();

    const expected = {
      memberName: '张伟',
      pointsEarned: 10,
      pointsRedeemed: 0,
      pointsBalance: 1210,
    };
    expect(host.paper.map((p) => [p.copy, p.document.loyalty])).toEqual([
      [false, expected],
      [false, null],
      [true, expected],
    ]);
  });
});
