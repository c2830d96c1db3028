// Messages between the page and the sync Web Worker. Both directions are
// checked with zod on arrival: a worker is a boundary like any other.
import { z } from 'zod';
import { enrolRequestSchema } from '../../sync/protocol';

/** What the worker needs to sync. Where it comes from is the app's business (see sync-client.ts). */
export const syncConfigSchema = z.object({
  /** Base URL of head office, e.g. "http://127.0.0.1:8787"; null = no head office (sync stays idle). */
  headOfficeUrl: z.string().url().nullable(),
  /** One-time enrolment code; used only while the till holds no token. */
  enrolmentCode: z.string().nullable(),
  /** Shown in head office's terminal list. */
  deviceName: z.string().min(1).default('Till'),
  /** IndexedDB database name. */
  dbName: z.string().min(1).default('till'),
  /** Wait between rounds while all is well, ms. */
  intervalMs: z.number().int().positive().default(5_000),
  /** Per-request timeout, ms. */
  timeoutMs: z.number().int().positive().default(15_000),
  /** Backoff ceiling after the first failure, and its cap, ms. */
  backoffBaseMs: z.number().int().positive().default(1_000),
  backoffCapMs: z.number().int().positive().default(60_000),
  /** Outbox entries per push; changes per pull page. */
  batchSize: z.number().int().min(1).max(500).default(100),
  /**
   * Changes per pull request. 5,000 (head office's most): a page is cut into slices of
   * equal length, so with pages of 1,000 a budget that fits ~400 changes still paid for
   * three transactions of ~333 a page.
   */
  pageSize: z.number().int().min(1).max(5000).default(5000),
  /** Changes per IndexedDB write transaction during a pull: the first slice, or every one without a budget. */
  applySliceSize: z.number().int().min(1).max(5000).default(100),
  /**
   * Aim for pull write transactions of about this many ms (slices grow from applySliceSize
   * to fit); a barcode lookup on the cashier's thread waits for the transaction in
   * progress, so this bounds its wait. null = always applySliceSize. 38 ms, with pages of
   * 5,000: at 200k products, lookups at p95 37–42 ms and the pull as fast as with 40 ms
   * and pages of 1,000 (whose slices averaged ~333 changes); 40 ms with pages of 5,000
   * put lookups at p95 42–50 ms. At 1M products (40 ms, pages of 1,000) the pull ran at
   * 0.74–0.88 of a bare IndexedDB load over six runs, against 0.68 with fixed slices of
   * 100 (docs/sync-engine.md, "Slice size").
   */
  applyBudgetMs: z.number().positive().max(1000).nullable().default(38),
});
export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type SyncConfigInput = z.input<typeof syncConfigSchema>;

export const syncStatusSchema = z.object({
  connection: z.enum(['online', 'offline', 'unknown']),
  waiting: z.number().int().min(0),
  rejected: z.number().int().min(0),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  enrolled: z.boolean(),
  needsEnrolmentCode: z.boolean(),
  pull: z.object({ collection: z.string(), received: z.number().int().min(0) }).nullable(),
});

/** Page → worker. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), config: syncConfigSchema }),
  /** Something new is in the outbox: push now instead of at the next interval. */
  z.object({ type: z.literal('wake'), force: z.boolean().default(false) }),
  z.object({ type: z.literal('stop') }),
  /** A person typed the enrolment code for this till (used only while it is not enrolled). */
  z.object({ type: z.literal('enrol'), code: enrolRequestSchema.shape.code }),
]);
export type ToWorker = z.input<typeof toWorkerSchema>;

/** Worker → page. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: syncStatusSchema }),
  /** The worker could not start at all (no IndexedDB, bad config). */
  z.object({ type: z.literal('fatal'), message: z.string() }),
  /** Another engine runs on this database; this worker waits for it to stop before syncing. */
  z.object({ type: z.literal('elsewhere') }),
  z.object({ type: z.literal('stopped') }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
