// What the till shows about sync. Built by the engine, posted by the worker to
// the page, rendered by SyncStatusBar.

/**
 * online  — the engine's last request to head office got an answer.
 * offline — the last request failed (network, timeout, 5xx); retrying with backoff.
 * unknown — no request made yet (just started, or no head office configured).
 */
export type Connection = 'online' | 'offline' | 'unknown';

export interface PullProgress {
  collection: string;
  /** Changes applied in this pull run so far. */
  received: number;
}

export interface SyncStatus {
  connection: Connection;
  /** Outbox entries waiting to be pushed. */
  waiting: number;
  /** Outbox entries head office refused (parked with a reason). */
  rejected: number;
  /** ISO-8601 time the last full push + pull succeeded, or null. */
  lastSyncAt: string | null;
  /** Human-readable last problem, cleared by the next full success. */
  lastError: string | null;
  enrolled: boolean;
  /**
   * Not enrolled, and no code to enrol with that head office has not refused
   * (none configured, or it was unknown, used or revoked): a person must type one.
   */
  needsEnrolmentCode: boolean;
  /** A pull in progress, or null. */
  pull: PullProgress | null;
}

export const INITIAL_STATUS: SyncStatus = {
  connection: 'unknown',
  waiting: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
  enrolled: false,
  needsEnrolmentCode: false,
  pull: null,
};
