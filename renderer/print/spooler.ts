// The print spooler: persisted receipt jobs (Dexie table printJobs) printed in order
// through a PrintPort. A printer that is out of paper, open, offline or unreachable never
// loses a receipt: the job waits with a reason the cashier can read, and is retried on
// start-up, on a timer and whenever kick() is called (after a sale, on "retry now").
//
// Job states (PrintJobState in renderer/db/schema.ts; the spooler owns the transitions):
// - 'queued'   entered when the sale commits (completeSale) or a reprint is asked for;
//              left for 'printing' when the spooler picks it up (oldest first).
// - 'printing' entered and PERSISTED before the host is called; left for 'printed' only
//              after the host answered ok, or for 'failed' on any other answer. A job
//              found in 'printing' at start-up (the till stopped mid-call) is retried with
//              the same job id; the host prints a job id at most once (print-once).
// - 'failed'   = WAITING, with `lastError` (cashier words) and `waitCode`; left for
//              'printing' on the next retry. Never terminal, never dropped.
// - 'printed'  terminal; `printedAt` set.
//
// Order: jobs print oldest first. A printer-level problem (paper, cover, offline, no
// answer) stops the round, so nothing prints ahead of an older waiting receipt. A
// job-level refusal ('rejected') waits too but does not hold the jobs behind it.
import {
  buildReceiptDocument,
  type BuildReceiptOptions,
  type ReceiptStore,
} from '../../domain/receipt';
import type { Sale } from '../../domain';
import { appendAudit } from '../db/audit';
import { receiptLoyaltyOf } from '../db/loyalty-ledger';
import type { PrintJob, TillDb } from '../db/schema';
import {
  PRINTER_LEVEL_CODES,
  WAIT_MESSAGES,
  type PrintPort,
  type PrintWaitCode,
} from './print-port';

/** A print job row as the spooler writes it (the schema's PrintJob plus the wait code). */
export interface SpoolJob extends PrintJob {
  waitCode?: PrintWaitCode | null;
  /** A printed job's note for the cashier (e.g. the printer did not confirm it). */
  warning?: string | null;
}

export interface SpoolerDeps {
  db: TillDb;
  port: PrintPort;
  /** Store name, address, phone, footer for the receipt header/footer. */
  store: () => ReceiptStore | Promise<ReceiptStore>;
  /** ISO-8601 timestamp. */
  now: () => string;
  /** New job id (UUIDv7). */
  newId: () => string;
  /** Receipt options per sale (time zone, loyalty, QR payload). */
  receiptOptions?: (sale: Sale) => BuildReceiptOptions;
  /** ms between retries of waiting jobs; default 5000. 0 turns the timer off. */
  retryMs?: number;
  /** Called after any job changed state (the UI re-reads). */
  onChange?: () => void;
}

export interface DrainReport {
  printed: string[];
  waiting: { id: string; code: PrintWaitCode; message: string }[];
}

/** What the cashier sees for a job. */
export interface PrintJobView {
  id: string;
  saleId: string;
  receiptNumber: string;
  copy: boolean;
  createdAt: string;
  status: 'queued' | 'printing' | 'done' | 'waiting';
  /** Sentence for the screen. */
  text: string;
  waitCode: PrintWaitCode | null;
  attempts: number;
}

const OPEN_STATES: PrintJob['state'][] = ['queued', 'printing', 'failed'];

const byAge = (a: PrintJob, b: PrintJob): number =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;

/** The cashier's view of a job: state in words, and why it waits. */
export function describePrintJob(job: SpoolJob): PrintJobView {
  const base = {
    id: job.id,
    saleId: job.saleId,
    receiptNumber: job.receiptNumber,
    copy: job.copy,
    createdAt: job.createdAt,
    waitCode: job.waitCode ?? null,
    attempts: job.attempts ?? 0,
  };
  const what = `Receipt ${job.receiptNumber}${job.copy ? ' (copy)' : ''}`;
  switch (job.state) {
    case 'queued':
      return { ...base, status: 'queued', text: `${what} is waiting to print` };
    case 'printing':
      return { ...base, status: 'printing', text: `${what} is printing` };
    case 'printed':
      return {
        ...base,
        status: 'done',
        text: job.warning ? `${what} sent to the printer: ${job.warning}` : `${what} printed`,
      };
    case 'failed':
      return {
        ...base,
        status: 'waiting',
        text: `${what} is waiting: ${job.lastError ?? WAIT_MESSAGES[job.waitCode ?? 'offline']}`,
      };
  }
}

export class PrintSpooler {
  private running: Promise<DrainReport> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private problem: { code: PrintWaitCode; message: string } | null = null;

  constructor(private readonly deps: SpoolerDeps) {}

  /** Start: print whatever waits (including jobs left 'printing' by a crash), then retry on a timer. */
  start(): Promise<DrainReport> {
    const retryMs = this.deps.retryMs ?? 5000;
    if (retryMs > 0 && this.timer === null) {
      this.timer = setInterval(() => void this.kick(), retryMs);
    }
    return this.kick();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Print what is open now. Single-flight: a call during a round makes one more round run
   * after it (so a job queued mid-round is not left for the timer) and returns that round.
   */
  kick(): Promise<DrainReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<DrainReport> => {
      try {
        let report = await this.drainOnce();
        while (this.again) {
          this.again = false;
          const next = await this.drainOnce();
          report = {
            printed: [...report.printed, ...next.printed],
            waiting: next.waiting,
          };
        }
        return report;
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  /** Queue a reprint of a past sale's receipt, marked as a copy, and try to print it. */
  async reprint(saleId: string, actorId: string): Promise<SpoolJob> {
    const { db } = this.deps;
    const sale = await db.sales.get(saleId);
    if (!sale) throw new Error(`No sale ${saleId} on this till to reprint`);
    const at = this.deps.now();
    const job: SpoolJob = {
      id: this.deps.newId(),
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      state: 'queued',
      copy: true,
      createdAt: at,
      attempts: 0,
      lastError: null,
      printedAt: null,
      waitCode: null,
    };
    await db.transaction('rw', [db.printJobs, db.audit, db.meta], async () => {
      await db.printJobs.add(job);
      await appendAudit(
        db,
        {
          type: 'receipt.reprinted',
          actorId,
          refId: sale.id,
          data: { receiptNumber: sale.receiptNumber, printJobId: job.id },
        },
        at,
      );
    });
    this.deps.onChange?.();
    void this.kick();
    return job;
  }

  /**
   * The printer problem that stopped the last round (the banner the cashier sees while
   * receipts wait), or null when the last round got through.
   */
  printerProblem(): { code: PrintWaitCode; message: string } | null {
    return this.problem;
  }

  /** Jobs for the screen, newest first. */
  async list(limit = 50): Promise<PrintJobView[]> {
    const rows = await this.deps.db.printJobs.orderBy('createdAt').reverse().limit(limit).toArray();
    return rows.map(describePrintJob);
  }

  private async drainOnce(): Promise<DrainReport> {
    const { db, port } = this.deps;
    const report: DrainReport = { printed: [], waiting: [] };
    const open = (await db.printJobs.where('state').anyOf(OPEN_STATES).toArray()).sort(byAge);
    if (open.length === 0) {
      this.problem = null;
      return report;
    }
    const store = await this.deps.store();
    for (const job of open as SpoolJob[]) {
      // Persist 'printing' BEFORE the call: a crash from here on leaves evidence, and the
      // retry reuses the job id so the host can tell it printed it already.
      await db.printJobs.update(job.id, { state: 'printing', attempts: (job.attempts ?? 0) + 1 });
      this.deps.onChange?.();
      const sale = await db.sales.get(job.saleId);
      let result;
      if (!sale) {
        result = {
          ok: false as const,
          code: 'rejected' as const,
          message: 'The sale of this receipt is not on this till',
        };
      } else {
        // A member's sale prints the loyalty block recorded with it (loyalty-ledger.ts),
        // the same on the first print and on every reprint.
        const options = this.deps.receiptOptions?.(sale) ?? {};
        const loyalty = (await receiptLoyaltyOf(db, sale.id)) ?? options.loyalty ?? null;
        const document = buildReceiptDocument(sale, store, {
          ...options,
          loyalty,
          copy: job.copy,
        });
        try {
          result = await port.print({ jobId: job.id, document, copy: job.copy });
        } catch (err) {
          result = {
            ok: false as const,
            code: 'no_answer' as const,
            message: `${WAIT_MESSAGES.no_answer} (${String(err)})`,
          };
        }
      }
      if (result.ok) {
        await db.printJobs.update(job.id, {
          state: 'printed',
          printedAt: this.deps.now(),
          lastError: null,
          waitCode: null,
          warning: result.warning ?? null,
        } as Partial<SpoolJob>);
        report.printed.push(job.id);
        this.deps.onChange?.();
        continue;
      }
      const message = result.message || WAIT_MESSAGES[result.code];
      await db.printJobs.update(job.id, {
        state: 'failed',
        lastError: message,
        waitCode: result.code,
      } as Partial<SpoolJob>);
      report.waiting.push({ id: job.id, code: result.code, message });
      this.deps.onChange?.();
      if (PRINTER_LEVEL_CODES.has(result.code)) {
        // Keep order: the jobs behind stay as they are and wait for the next round.
        this.problem = { code: result.code, message };
        return report;
      }
    }
    this.problem = null;
    return report;
  }
}
