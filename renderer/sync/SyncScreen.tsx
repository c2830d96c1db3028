// Sync details for staff: status, the documents waiting to go (with the last
// problem) and the documents head office refused (with its reason). Refused
// documents stay here until someone deals with them; nothing is dropped.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { TillDb } from '../db/schema';
import { clockTime, describeSyncStatus } from './format-status';
import { loadOutboxView, type OutboxRow, type OutboxView } from './outbox-view';
import { useSyncStatus } from './status-store';

export interface SyncScreenProps {
  db: TillDb;
  onClose?: () => void;
  /** Ask the worker to try now (posts 'wake'). */
  onSyncNow?: () => void;
}

function useOutboxView(db: TillDb): OutboxView | null {
  const [view, setView] = useState<OutboxView | null>(null);
  useEffect(() => {
    const sub = liveQuery(() => loadOutboxView(db)).subscribe({ next: setView, error: () => {} });
    return () => sub.unsubscribe();
  }, [db]);
  return view;
}

function Rows({ rows, reason }: { rows: OutboxRow[]; reason: (r: OutboxRow) => string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Type</th>
          <th scope="col">Made</th>
          <th scope="col">Attempts</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.label}</td>
            <td>{r.type}</td>
            <td>{clockTime(r.createdAt)}</td>
            <td>{r.attempts}</td>
            <td>{reason(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SyncScreen({ db, onClose, onSyncNow }: SyncScreenProps) {
  const status = useSyncStatus((s) => s.status);
  const fatal = useSyncStatus((s) => s.fatal);
  const elsewhere = useSyncStatus((s) => s.elsewhere);
  const view = useOutboxView(db);
  return (
    <section aria-label="Sync" style={{ padding: '1rem' }}>
      <h2>Sync with head office</h2>
      <p>{describeSyncStatus({ status, fatal, elsewhere }).text}</p>
      {status.lastError ? <p role="alert">Last problem: {status.lastError}</p> : null}
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        {onSyncNow ? (
          <button type="button" onClick={onSyncNow}>
            Sync now
          </button>
        ) : null}
        {onClose ? (
          <button type="button" onClick={onClose}>
            Close
          </button>
        ) : null}
      </div>
      <section aria-label="Waiting documents">
        <h3>Waiting ({view?.waitingTotal ?? 0})</h3>
        {view && view.waiting.length > 0 ? (
          <Rows rows={view.waiting} reason={(r) => r.lastError ?? 'not sent yet'} />
        ) : (
          <p>Nothing waiting.</p>
        )}
      </section>
      <section aria-label="Rejected documents">
        <h3>Rejected ({view?.rejectedTotal ?? 0})</h3>
        {view && view.rejected.length > 0 ? (
          <Rows rows={view.rejected} reason={(r) => r.rejectedReason ?? r.lastError ?? ''} />
        ) : (
          <p>Nothing rejected.</p>
        )}
      </section>
    </section>
  );
}
