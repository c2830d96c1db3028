// Where push bodies are prepared (push-prepare.ts): on the request thread, or
// spread over a pool of worker threads so that parsing, validation and totals
// recomputation run beside the database work instead of in front of it. The
// database is still written on the request thread, so every engine keeps its
// single-connection / pool semantics.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HttpError } from './http-errors';
import { preparePushBody, type PreparedPush, type PushIdentity } from './push-prepare';
import type { CurrencyCode } from '../../domain';
import type { ErrorCode, ErrorDetail, PushResult } from '../protocol';
import type { LoyaltyDelta, StockDelta, TotalsDelta } from './storage/port';

export interface PushPreparer {
  /**
   * Prepare a push body (its UTF-8 bytes). The preparer may take the bytes over
   * (a worker pool moves them to the worker without copying): do not read `body`
   * afterwards.
   */
  prepare(body: Uint8Array, auth: PushIdentity): Promise<PreparedPush>;
  close(): Promise<void>;
}

/** Ingest workers by default: one per core the request thread does not use, at least one. */
export function defaultIngestWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Prepares on the calling thread. */
export function inlinePreparer(): PushPreparer {
  return {
    prepare: async (body, auth) => preparePushBody(body, auth),
    close: async () => {},
  };
}

/** Request to a worker. */
export interface WorkerRequest {
  id: number;
  /** The push body's bytes, alone in their ArrayBuffer (which was transferred). */
  body: Uint8Array;
  auth: PushIdentity;
}

/** A worker's answer: the prepared push (packed), or the request's refusal. */
export type WorkerReply =
  | { id: number; ok: true; packed: PackedPush }
  | {
      id: number;
      ok: false;
      error: { code: ErrorCode; message: string; details?: ErrorDetail[] } | { internal: string };
    };

/** What a worker does with a request: prepare the push, or name why it is refused. */
export function answerWorkerRequest(request: WorkerRequest): WorkerReply {
  try {
    return {
      id: request.id,
      ok: true,
      packed: packPush(preparePushBody(request.body, request.auth)),
    };
  } catch (err) {
    return err instanceof HttpError
      ? {
          id: request.id,
          ok: false,
          error: { code: err.code, message: err.message, details: err.details },
        }
      : { id: request.id, ok: false, error: { internal: String(err) } };
  }
}

/**
 * A prepared push as a worker posts it back: the stored documents' fields, effects
 * included, in one flat array of strings and numbers (see packPush for the layout).
 * Structured clone (serialised by the worker, deserialised by the request thread)
 * handles that faster than the same data as objects: packing, cloning and unpacking
 * a 100-sale push took ~1.8 µs a sale, cloning its objects ~3.7 (microbenchmark,
 * structuredClone on one thread).
 */
export interface PackedPush {
  /** As PreparedPush.results: null for each document that goes to storage. */
  results: (PushResult | null)[];
  rows: (string | number)[];
}

/**
 * Flatten a prepared push. Per stored document, in order: index, currency, id,
 * type, storeId, terminalId, sequence, createdAt, json, contentHash; the number of
 * stock moves, then productId and delta of each; then 0 for no totals, or 1
 * followed by day, currency, salesCount, salesTotalMinor, salesTaxMinor,
 * refundsCount and refundsTotalMinor; then 0 for no loyalty points, or 1
 * followed by customerId and points.
 */
export function packPush({ results, toStore }: PreparedPush): PackedPush {
  const rows: (string | number)[] = [];
  for (const { index, doc, currency } of toStore) {
    const { stock, totals, loyalty } = doc.effects;
    rows.push(index, currency, doc.id, doc.type, doc.storeId, doc.terminalId, doc.sequence);
    rows.push(doc.createdAt, doc.json, doc.contentHash, stock.length);
    for (const s of stock) rows.push(s.productId, s.delta);
    if (totals === null) rows.push(0);
    else
      rows.push(
        1,
        totals.day,
        totals.currency,
        totals.salesCount,
        totals.salesTotalMinor,
        totals.salesTaxMinor,
        totals.refundsCount,
        totals.refundsTotalMinor,
      );
    if (loyalty === null) rows.push(0);
    else rows.push(1, loyalty.customerId, loyalty.points);
  }
  return { results, rows };
}

/** The prepared push packPush flattened. */
export function unpackPush({ results, rows }: PackedPush): PreparedPush {
  let at = 0;
  const text = (): string => rows[at++] as string;
  const num = (): number => rows[at++] as number;
  const toStore: PreparedPush['toStore'] = [];
  while (at < rows.length) {
    // Object literals evaluate their properties in order, so each reads the next field.
    const index = num();
    const currency = text() as CurrencyCode;
    const doc = {
      id: text(),
      type: text(),
      storeId: text(),
      terminalId: text(),
      sequence: num(),
      createdAt: text(),
      json: text(),
      contentHash: text(),
    };
    const stock: StockDelta[] = [];
    for (let n = num(); n > 0; n--) stock.push({ productId: text(), delta: num() });
    const totals: TotalsDelta | null =
      num() === 0
        ? null
        : {
            day: text(),
            currency: text() as CurrencyCode,
            salesCount: num(),
            salesTotalMinor: num(),
            salesTaxMinor: num(),
            refundsCount: num(),
            refundsTotalMinor: num(),
          };
    const loyalty: LoyaltyDelta | null = num() === 0 ? null : { customerId: text(), points: num() };
    toStore.push({ index, doc: { ...doc, effects: { stock, totals, loyalty } }, currency });
  }
  return { results, toStore };
}

/**
 * `bytes` alone in an ArrayBuffer, so that buffer can be transferred: as given when it
 * already is (a large body Fastify gathered), else copied (a small body shares Node's
 * Buffer pool with other data, which must not be moved away).
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (
    buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === buffer.byteLength
  )
    return new Uint8Array(buffer);
  return new Uint8Array(bytes);
}

interface Slot {
  worker: Worker;
  /** True once the worker has answered a request (it started). */
  answered: boolean;
  /** False once the thread has exited. */
  alive: boolean;
  pending: Map<number, { resolve: (p: PreparedPush) => void; reject: (e: Error) => void }>;
}

/** The worker's module: the .ts source under tsx and vitest, the .js file once built. */
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./ingest-worker.${ext}`, import.meta.url);
}

/**
 * A worker running `url`. A TypeScript source (under tsx or vitest) first
 * registers tsx's loader in the worker: loader flags of the parent's command
 * line do not reach worker threads.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
    { eval: true },
  );
}

/**
 * A pool of `size` worker threads. Each push goes to the worker with the
 * fewest pushes in flight. A worker that dies fails only its own pushes
 * (answered 500 `internal`, which a till retries) and is replaced.
 */
export function workerPreparer(size: number, url: URL = workerUrl()): PushPreparer {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`Ingest workers must be a whole number ≥ 1, got ${size}`);
  let nextId = 1;
  let closed = false;
  const slots: Slot[] = [];

  const spawn = (i: number): void => {
    const worker = startWorker(url);
    const slot: Slot = { worker, pending: new Map(), answered: false, alive: true };
    worker.on('message', (reply: WorkerReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      slot.answered = true;
      if (slot.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(unpackPush(reply.packed));
      else if ('internal' in reply.error)
        waiting.reject(new Error(`ingest worker: ${reply.error.internal}`));
      else
        waiting.reject(new HttpError(reply.error.code, reply.error.message, reply.error.details));
    });
    const fail = (err: Error): void => {
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    // An uncaught error ends the thread ('exit' follows).
    worker.on('error', (err) => {
      slot.alive = false;
      fail(err instanceof Error ? err : new Error(String(err)));
    });
    worker.on('exit', (code) => {
      slot.alive = false;
      fail(new Error(`ingest worker exited with code ${code}`));
      if (closed || slots[i] !== slot) return;
      // A worker that cannot even start would otherwise be restarted in a tight loop.
      if (slot.answered) spawn(i);
      else setTimeout(() => !closed && slots[i] === slot && spawn(i), 1000).unref();
    });
    // An idle pool does not keep the process alive; a push in flight does.
    worker.unref();
    slots[i] = slot;
  };
  for (let i = 0; i < size; i++) spawn(i);

  return {
    prepare(body, auth) {
      if (closed) return Promise.reject(new Error('ingest workers are closed'));
      const live = slots.filter((x) => x.alive);
      if (live.length === 0)
        return Promise.reject(new Error('ingest workers are restarting; retry the push'));
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.ref();
        const bytes = ownBuffer(body);
        const request: WorkerRequest = { id, body: bytes, auth };
        // Moved, not copied: a push body is up to the body limit (megabytes).
        slot.worker.postMessage(request, [bytes.buffer]);
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
