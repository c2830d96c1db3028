// Sync details for staff: status, the documents waiting to go (with the last
// problem) and the documents head office refused (with its reason). Refused
// documents stay here until someone deals with them — once the cause is fixed at
// head office, staff send them again; nothing is dropped.
import { liveQuery } from 'dexie';
import { useEffect, useState, type ReactNode } from 'react';
import type { TillDb } from '../db/schema';
import { clockTime, describeSyncStatus } from './format-status';
import { loadOutboxView, type OutboxRow, type OutboxView } from './outbox-view';
import type { SendAgainSelection, SentAgain } from './send-again';
import { useSyncStatus } from './status-store';

export interface SyncScreenProps {
  db: TillDb;
  onClose?: () => void;
  /** Ask the worker to try now (posts 'wake'). */
  onSyncNow?: () => void;
  /** Put refused documents back in the queue and send them; resolves to how many moved. */
  onSendAgain?: (selection: SendAgainSelection) => Promise<SentAgain>;
}

function useOutboxView(db: TillDb): OutboxView | null {
  const [view, setView] = useState<OutboxView | null>(null);
  useEffect(() => {
    const sub = liveQuery(() => loadOutboxView(db)).subscribe({ next: setView, error: () => {} });
    return () => sub.unsubscribe();
  }, [db]);
  return view;
}

function Rows({
  rows,
  reason,
  action,
}: {
  rows: OutboxRow[];
  reason: (r: OutboxRow) => string;
  /** A last cell per row (a button), when given. */
  action?: ((r: OutboxRow) => ReactNode) | undefined;
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Type</th>
          <th scope="col">Made</th>
          <th scope="col">Attempts</th>
          <th scope="col">Reason</th>
          {action ? <th scope="col">Action</th> : null}
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
            {action ? <td>{action(r)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the last "send again" did, for the line under the buttons. */
type SendAgainOutcome = { ok: true; text: string } | { ok: false; text: string } | null;

function describeSentAgain({ moved, otherTerminal }: SentAgain): string {
  const sent =
    moved === 0
      ? otherTerminal === 0
        ? 'Nothing to send again: no document is refused now.'
        : 'Nothing sent again.'
      : moved === 1
        ? 'Sent 1 refused document again.'
        : `Sent ${moved} refused documents again.`;
  if (otherTerminal === 0) return sent;
  const which = otherTerminal === 1 ? '1 document was' : `${otherTerminal} documents were`;
  return `${sent} ${which} made as another terminal than this till's and cannot be sent from it.`;
}

export function SyncScreen({ db, onClose, onSyncNow, onSendAgain }: SyncScreenProps) {
  const status = useSyncStatus((s) => s.status);
  const fatal = useSyncStatus((s) => s.fatal);
  const elsewhere = useSyncStatus((s) => s.elsewhere);
  const view = useOutboxView(db);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SendAgainOutcome>(null);
  const sendAgain = onSendAgain
    ? (selection: SendAgainSelection) => {
        setBusy(true);
        onSendAgain(selection)
          .then(
            (sent) => setOutcome({ ok: true, text: describeSentAgain(sent) }),
            (err: unknown) =>
              setOutcome({
                ok: false,
                text: `Could not send again: ${err instanceof Error ? err.message : String(err)}`,
              }),
          )
          .finally(() => setBusy(false));
      }
    : null;
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
        {sendAgain && view && view.rejectedTotal > 0 ? (
          <p>
            Once the reason is dealt with at head office, send them again; head office stores each
            document once.{' '}
            <button type="button" disabled={busy} onClick={() => sendAgain({ all: true })}>
              Send all again
            </button>
          </p>
        ) : null}
        {outcome ? (
          outcome.ok ? (
            <p role="status">{outcome.text}</p>
          ) : (
            <p role="alert">{outcome.text}</p>
          )
        ) : null}
        {view && view.rejected.length > 0 ? (
          <Rows
            rows={view.rejected}
            reason={(r) => r.rejectedReason ?? r.lastError ?? ''}
            action={
              sendAgain
                ? (r) => (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Send ${r.label} again`}
                      onClick={() => sendAgain({ ids: [r.id] })}
                    >
                      Send again
                    </button>
                  )
                : undefined
            }
          />
        ) : (
          <p>Nothing rejected.</p>
        )}
      </section>
    </section>
  );
}
