// Everything sync puts on the cashier's screen, for the app shell to place in
// one line: starts the sync worker for the configured head office, shows the
// always-visible SyncStatusBar, and opens SyncScreen over the till on demand.
import { useEffect, useRef, useState } from 'react';
import type { TillDb } from '../db/schema';
import { SyncScreen } from './SyncScreen';
import { SyncStatusBar } from './SyncStatusBar';
import { startSyncWorker, type SyncHandle } from './sync-client';

export interface SyncAreaProps {
  /** The page's database connection (SyncScreen reads the outbox through it). */
  db: TillDb;
  /** From the till configuration; absent = no head office, sync stays idle. */
  headOffice?: { url: string; enrolmentCode?: string | undefined } | undefined;
  /** Shown in head office's terminal list. */
  deviceName?: string;
}

export function SyncArea({ db, headOffice, deviceName }: SyncAreaProps) {
  const [open, setOpen] = useState(false);
  const handle = useRef<SyncHandle | null>(null);
  const url = headOffice?.url ?? null;
  const code = headOffice?.enrolmentCode ?? null;

  useEffect(() => {
    const h = startSyncWorker({
      headOfficeUrl: url,
      enrolmentCode: code,
      deviceName: deviceName ?? 'Till',
      dbName: db.name,
    });
    handle.current = h;
    return () => {
      handle.current = null;
      void h.stop();
    };
  }, [url, code, deviceName, db.name]);

  return (
    <>
      <SyncStatusBar onOpen={() => setOpen(true)} />
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
          />
        </div>
      ) : null}
    </>
  );
}
