// The one-line sync status the till always shows, e.g.
// "online · 0 waiting · 0 rejected · last sync 12:03:04" or "offline · 1 waiting",
// and the last error beside it whenever there is one.
import type { SyncStatus } from '../../sync/engine/status';

/** Local wall-clock time HH:MM:SS of an ISO-8601 instant, in `timeZone` (default: the till's). */
export function clockTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/**
 * The status line's facts. Offline leaves out what cannot have changed (a zero
 * rejected count); a running pull shows its progress. The last error is not part
 * of it: `describeSyncStatus` puts it beside the line.
 */
export function formatSyncStatus(status: SyncStatus, timeZone?: string): string {
  const parts: string[] = [];
  // 'unknown' with a problem means no request can be made (no head office, not enrolled).
  const unknown = status.lastError ? 'not syncing' : 'connecting';
  parts.push(status.connection === 'unknown' ? unknown : status.connection);
  parts.push(`${status.waiting} waiting`);
  if (status.connection !== 'offline' || status.rejected > 0)
    parts.push(`${status.rejected} rejected`);
  if (status.pull)
    parts.push(`pulling ${status.pull.collection} ${status.pull.received.toLocaleString('en')}`);
  if (status.lastSyncAt) parts.push(`last sync ${clockTime(status.lastSyncAt, timeZone)}`);
  return parts.join(' · ');
}

/** What the status bar shows: the line, the last error beside it, and whether it is a problem. */
export interface SyncStatusLine {
  text: string;
  /** The last error in words, or null; shown as visible text, never only as a tooltip. */
  error: string | null;
  /** Needs a person's eye: styled as a warning, not as all-well. */
  problem: boolean;
}

/** What the page knows about sync: the engine's status, and whether an engine runs here at all. */
export interface SyncView {
  status: SyncStatus;
  /** The sync worker could not start at all. */
  fatal: string | null;
  /** Sync runs in another window of this till (see status-store.ts); none runs here. */
  elsewhere?: boolean;
}

/** The line of a window that leaves sync to the one holding the till. */
export const SYNC_ELSEWHERE = 'sync runs in another window';

/**
 * The status bar's content. Any last error is shown and makes the line a problem,
 * online or not: head office answering but refusing every request (a revoked
 * terminal, a record this till cannot read) is online, and nothing syncs. The
 * engine clears the error at the next round that completes, so a passing outage
 * does not stay on the bar.
 */
export function describeSyncStatus(view: SyncView, timeZone?: string): SyncStatusLine {
  const { status, fatal } = view;
  if (fatal !== null) return { text: `sync stopped · ${fatal}`, error: null, problem: true };
  if (view.elsewhere) return { text: SYNC_ELSEWHERE, error: null, problem: false };
  return {
    text: formatSyncStatus(status, timeZone),
    error: status.lastError,
    problem: status.connection !== 'online' || status.rejected > 0 || status.lastError !== null,
  };
}
