// The sync Web Worker: runs the engine beside the renderer so pushes, pulls
// and large catalogue writes never block the cashier's screen. Started by
// sync-client.ts with `new Worker(new URL('./sync-worker.ts', import.meta.url), { type: 'module' })`.
import { fromWorkerSchema, toWorkerSchema, type FromWorker } from './messages';
import { startSyncRunner, type SyncRunner } from './sync-runner';

const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<unknown>) => void): void;
};

function post(message: FromWorker): void {
  // Checked on the way out too, so a malformed status is caught here, not in the page.
  scope.postMessage(fromWorkerSchema.parse(message));
}

let runner: SyncRunner | null = null;
let starting: Promise<void> | null = null;
/** Aborts a start still waiting for the database's sync lock. */
const stopping = new AbortController();

scope.addEventListener('message', (ev) => {
  const parsed = toWorkerSchema.safeParse(ev.data);
  if (!parsed.success) return;
  const msg = parsed.data;
  if (msg.type === 'start') {
    if (starting) return;
    starting = startSyncRunner(msg.config, {
      fetch: (url, init) => fetch(url, init),
      onStatus: (status) => post({ type: 'status', status }),
      signal: stopping.signal,
      // Another engine runs on this database (another window, or this window's previous worker).
      onWaiting: () => post({ type: 'elsewhere' }),
    }).then(
      (r) => {
        runner = r;
      },
      (err: unknown) => {
        if (stopping.signal.aborted) return;
        post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
      },
    );
  } else if (msg.type === 'wake') {
    runner?.engine.wake(msg.force);
  } else if (msg.type === 'enrol') {
    runner?.engine.useEnrolmentCode(msg.code);
  } else {
    void (async () => {
      stopping.abort();
      await starting;
      await runner?.stop();
      runner = null;
      post({ type: 'stopped' });
    })();
  }
});
