// Always-visible sync status: online/offline, waiting, rejected, last sync,
// and the last error beside them whenever there is one (online or not). The
// button opens the sync screen. What to show is decided in format-status.ts.
import { describeSyncStatus, type SyncView } from './format-status';
import { useSyncStatus } from './status-store';

export interface SyncStatusBarProps {
  /** Opens the SyncScreen; without it the bar is plain text. */
  onOpen?: () => void;
  /** IANA time zone for the clock (tests); default the till's. */
  timeZone?: string;
}

export function SyncStatusBar(props: SyncStatusBarProps) {
  const status = useSyncStatus((s) => s.status);
  const fatal = useSyncStatus((s) => s.fatal);
  const elsewhere = useSyncStatus((s) => s.elsewhere);
  return <SyncStatusView {...props} status={status} fatal={fatal} elsewhere={elsewhere} />;
}

/** The bar for a given status (the store-free part, rendered in tests). */
export function SyncStatusView({
  status,
  fatal,
  elsewhere = false,
  onOpen,
  timeZone,
}: SyncStatusBarProps & SyncView) {
  const { text, error, problem } = describeSyncStatus({ status, fatal, elsewhere }, timeZone);
  return (
    <div
      role="status"
      aria-label="Sync status"
      aria-live="polite"
      data-connection={status.connection}
      data-problem={problem}
      style={{
        // Stays in view above the till however the screen scrolls.
        position: 'sticky',
        top: 0,
        zIndex: 10,
        display: 'flex',
        gap: '0.75rem',
        alignItems: 'center',
        padding: '0.25rem 0.75rem',
        fontSize: '0.85rem',
        background: problem ? '#fff4e5' : '#eef7ee',
        color: '#222',
      }}
    >
      <span>{text}</span>
      {error ? <span style={{ color: '#8a4b00', fontWeight: 600 }}>{error}</span> : null}
      {onOpen ? (
        <button type="button" onClick={onOpen} style={{ marginLeft: 'auto' }}>
          Sync details
        </button>
      ) : null}
    </div>
  );
}
