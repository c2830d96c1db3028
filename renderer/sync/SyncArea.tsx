// Everything sync puts on the cashier's screen, for the app shell to place in
// one line: starts the sync worker for the configured head office once this
// window holds the till (one engine per till database), shows the
// always-visible SyncStatusBar, and opens SyncScreen over the till on demand.
import { useEffect, useRef, useState } from 'react';
import type { TillDb } from '../db/schema';
import { EnrolForm } from './EnrolForm';
import { sendRejectedAgain } from './send-again';
import { useSyncStatus } from './status-store';
import { SyncScreen } from './SyncScreen';
import { SyncStatusBar } from './SyncStatusBar';
import { startSyncWhenHeld, type SyncHandle } from './sync-client';

export interface SyncAreaProps {
  /** The page's database connection (SyncScreen reads the outbox through it). */
  db: TillDb;
  /** From the till configuration; absent = no head office, sync stays idle. */
  headOffice?: { url: string; enrolmentCode?: string | undefined } | undefined;
  /** Shown in head office's terminal list. */
  deviceName?: string;
  /** The configured cashier: the audit journal names them when refused documents are sent again. */
  actorId: string;
  /**
   * Resolves when this window holds the till (boot's `selling`) if another window holds
   * it now; absent when this window holds it. Only the window holding the till syncs.
   */
  until?: Promise<unknown> | undefined;
}

export function SyncArea({ db, headOffice, deviceName, actorId, until }: SyncAreaProps) {
  const [open, setOpen] = useState(false);
  const handle = useRef<SyncHandle | null>(null);
  const url = headOffice?.url ?? null;
  const code = headOffice?.enrolmentCode ?? null;

  useEffect(() => {
    const h = startSyncWhenHeld(
      {
        headOfficeUrl: url,
        enrolmentCode: code,
        deviceName: deviceName ?? 'Till',
        dbName: db.name,
      },
      until,
    );
    handle.current = h;
    return () => {
      handle.current = null;
      void h.stop();
    };
  }, [url, code, deviceName, db.name, until]);

  // The engine found no token and no code head office would take, or head office
  // refused its token (revoked, or a code issued anew): a person types a code.
  const needsCode = useSyncStatus((s) => !s.elsewhere && s.status.needsEnrolmentCode);

  return (
    <>
      <SyncStatusBar onOpen={() => setOpen(true)} />
      {url !== null && needsCode ? (
        <EnrolForm onEnrol={(typed) => handle.current?.enrol(typed)} />
      ) : null}
      {open ? (
        <div
          role="dialog"
          aria-modal="true"
          aria-label="Sync details"
          style={{
            position: 'fixed',
            inset: '5%',
            background: '#fff',
            overflow: 'auto',
            boxShadow: '0 0 0 100vmax rgba(0,0,0,0.3)',
            zIndex: 50,
          }}
          onKeyDown={(ev) => {
            if (ev.key === 'Escape') setOpen(false);
          }}
        >
          <SyncScreen
            db={db}
            onClose={() => setOpen(false)}
            onSyncNow={() => handle.current?.wake(true)}
            onSendAgain={async (selection) => {
              const sent = await sendRejectedAgain(
                db,
                selection,
                actorId,
                new Date().toISOString(),
              );
              if (sent.moved > 0) handle.current?.wake(true);
              return sent;
            }}
          />
        </div>
      ) : null}
    </>
  );
}
