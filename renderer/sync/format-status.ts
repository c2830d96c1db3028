// The one-line sync status the till always shows, e.g.
// "online · 0 waiting · 0 rejected · last sync 12:03:04" or "offline · 1 waiting".
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
 * The status line. Offline leaves out what cannot have changed (a zero rejected
 * count); a running pull shows its progress; the last error follows when there
 * is one, so a cashier can read why nothing goes out.
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
