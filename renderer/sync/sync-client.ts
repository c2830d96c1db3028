// Page side of sync: starts the Web Worker (only in the window that holds the
// till: one engine per till database), checks what it says, and keeps the
// zustand status store up to date.
import {
  fromWorkerSchema,
  syncConfigSchema,
  type SyncConfigInput,
  type ToWorker,
} from './messages';
import { useSyncStatus } from './status-store';

export interface SyncHandle {
  /** Push now; `force` (a person asked) also cuts a backoff wait. */
  wake(force?: boolean): void;
  /** Enrol with this one-time code (a person typed it); ignored once enrolled. */
  enrol(code: string): void;
  stop(): Promise<void>;
}

/** Start syncing in a Web Worker. Safe to call once per page. */
export function startSyncWorker(config: SyncConfigInput): SyncHandle {
  const worker = new Worker(new URL('./sync-worker.ts', import.meta.url), { type: 'module' });
  const send = (msg: ToWorker) => worker.postMessage(msg);
  let stopped: (() => void) | null = null;
  worker.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const msg = fromWorkerSchema.safeParse(ev.data);
    if (!msg.success) return;
    if (msg.data.type === 'status') useSyncStatus.getState().setStatus(msg.data.status);
    else if (msg.data.type === 'fatal') useSyncStatus.getState().setFatal(msg.data.message);
    else if (msg.data.type === 'elsewhere') useSyncStatus.getState().setElsewhere(true);
    else stopped?.();
  });
  worker.addEventListener('error', (ev) =>
    useSyncStatus.getState().setFatal(ev.message || 'sync worker failed'),
  );
  send({ type: 'start', config: syncConfigSchema.parse(config) });
  return {
    wake: (force = false) => send({ type: 'wake', force }),
    enrol: (code) => send({ type: 'enrol', code }),
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = () => {
          worker.terminate();
          resolve();
        };
        send({ type: 'stop' });
      }),
  };
}

/**
 * Start syncing once this window holds the till: at once without `until`, else when
 * `until` resolves (a second window: when the first one closes; boot's `selling`).
 * Until then no worker starts and the status bar says sync runs in another window.
 * The worker still takes the database's sync lock (sync-lock.ts), so an engine that is
 * still stopping elsewhere is never joined by a second one.
 */
export function startSyncWhenHeld(
  config: SyncConfigInput,
  until?: Promise<unknown>,
  start: (config: SyncConfigInput) => SyncHandle = startSyncWorker,
): SyncHandle {
  if (!until) return start(config);
  useSyncStatus.getState().setElsewhere(true);
  let worker: SyncHandle | null = null;
  let stopped = false;
  void until.then(() => {
    if (!stopped) worker = start(config);
  });
  return {
    wake: (force) => worker?.wake(force),
    enrol: (code) => worker?.enrol(code),
    stop: async () => {
      stopped = true;
      await worker?.stop();
    },
  };
}
