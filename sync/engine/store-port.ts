// The engine's view of the till's local database. The engine never touches
// Dexie directly: renderer/sync implements this port on Dexie (in the Web
// Worker), and tests implement it in memory. Every method is one atomic step.

/** Kinds of document a till pushes to head office. */
export type OutboxDocumentType = 'sale' | 'refund' | 'cash_movement' | 'shift_close';

/** One pending outbox entry, as the engine needs it to push. */
export interface OutboxDocument {
  /** Client-generated UUIDv7 of the document. */
  id: string;
  terminalId: string;
  /** Per-terminal gapless sequence; the outbox drains in this order. */
  sequence: number;
  type: OutboxDocumentType;
  body: unknown;
  /** Push attempts so far (diagnostic only). */
  attempts: number;
  createdAt: string;
}

/** One change handed out by a pull: an upsert, or a tombstone when `deleted`. */
export interface PullChange {
  key: string;
  /** Server-assigned, monotonically increasing sequence. */
  seq: number;
  deleted: boolean;
  value: unknown;
}

/** Figures the status line shows. */
export interface OutboxCounts {
  /** Entries in state 'pending'. */
  waiting: number;
  /** Entries parked in state 'rejected'. */
  rejected: number;
}

/** The till's identity once enrolled (kept in meta). */
export interface TerminalCredentials {
  /** Bearer token for every request; head office keeps only its hash. */
  token: string;
  terminalId: string;
  storeId: string;
  /** Codes used in receipt numbers ("S001", "T01"). */
  storeCode: string;
  terminalCode: string;
}

export interface SyncStore {
  /** Oldest pending entries first (by sequence), at most `batch`. */
  nextPending(batch: number): Promise<OutboxDocument[]>;
  /** Head office holds these (accepted or duplicate): state 'done', doneAt = `at` (ISO-8601). */
  markDone(ids: readonly string[], at: string): Promise<void>;
  /** Head office refused this one for good: park it with its reason; it never blocks the rest. */
  markRejected(id: string, code: string, reason: string): Promise<void>;
  /**
   * Head office no longer holds this terminal's documents above `sequence` (its
   * database was restored from an older copy): put the entries of `terminalId` above
   * it that head office had acknowledged ('done') back to 'pending', with `reason` as
   * their lastError, so they are pushed again. One atomic step; returns how many.
   */
  resendDoneAfter(terminalId: string, sequence: number, reason: string): Promise<number>;
  /** A transient failure touched these entries: attempts += 1, lastError = `error`; they stay pending. */
  recordAttempt(ids: readonly string[], error: string): Promise<void>;
  /** Last applied checkpoint of a pulled collection; null before the first pull. */
  getCheckpoint(collection: string): Promise<number | null>;
  /**
   * Forget a collection's checkpoint, only if it is still `checkpoint`, so the
   * next pull starts from the beginning (head office's database was restored:
   * the checkpoint is past its latest change). The rows stay until pulled over.
   */
  resetCheckpoint(collection: string, checkpoint: number): Promise<void>;
  /**
   * Apply one pulled page and its new checkpoint in ONE transaction (all or
   * nothing), only if the stored checkpoint is still `after` (the one the page
   * follows; null before the first pull): otherwise write nothing and reject
   * with CheckpointMovedError. So pages queued behind one that failed can
   * never commit past the gap it left.
   */
  applyPage(
    collection: string,
    changes: readonly PullChange[],
    checkpoint: number,
    after: number | null,
  ): Promise<void>;
  counts(): Promise<OutboxCounts>;
  getCredentials(): Promise<TerminalCredentials | null>;
  saveCredentials(credentials: TerminalCredentials): Promise<void>;
}

/** applyPage found another checkpoint than the one its page follows; nothing was written. */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(collection: string, expected: number | null, found: number | null) {
    super(
      `The ${collection} checkpoint is ${found ?? 'unset'}, not ${expected ?? 'unset'} as this ` +
        'page expects (an earlier page failed or another pull ran); it will be pulled again',
    );
  }
}
