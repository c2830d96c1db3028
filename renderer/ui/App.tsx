// The app shell: runs the start-up sequence (boot.ts) with a progress line, then shows
// the cashier screen. A start-up failure (bad config, database) is a readable screen.
import { useEffect, useState } from 'react';
import { bootTill, BootError, type BootProgress, type TillRuntime } from './boot';
import { CashierScreen } from './CashierScreen';
import { TillDevicesArea } from '../app/TillDevicesArea';
import { SyncArea } from '../sync/SyncArea';

type AppState =
  | { kind: 'booting'; progress: BootProgress }
  | { kind: 'ready'; runtime: TillRuntime }
  | { kind: 'failed'; message: string };

function progressText(p: BootProgress): string {
  switch (p.step) {
    case 'config':
      return 'Reading the till configuration …';
    case 'lock':
      return 'Checking that no other window runs this till …';
    case 'storage':
      return 'Checking storage …';
    case 'database':
      return 'Opening the local database …';
    case 'seeding':
      return `Loading the demo catalogue: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} products …`;
  }
}

export function App() {
  const [state, setState] = useState<AppState>({ kind: 'booting', progress: { step: 'config' } });

  useEffect(() => {
    let cancelled = false;
    const bench = new URLSearchParams(window.location.search).get('bench') === '1';
    bootTill({
      onProgress: (progress) => {
        if (!cancelled) setState({ kind: 'booting', progress });
      },
    })
      .then((runtime) => {
        if (cancelled) return;
        if (bench) {
          // Bench hooks (and the demo generator they use) load only for ?bench=1.
          void import('./bench-hooks').then(({ installBenchHooks }) => installBenchHooks(runtime));
        }
        setState({ kind: 'ready', runtime });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        const message =
          err instanceof BootError
            ? err.message
            : `The till could not start: ${err instanceof Error ? err.message : String(err)}`;
        setState({ kind: 'failed', message });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === 'ready') {
    return (
      <TillDevicesArea runtime={state.runtime}>
        {/* One sync engine per till: a second window syncs only once it holds the till. */}
        <SyncArea
          db={state.runtime.db}
          headOffice={state.runtime.config.headOffice}
          actorId={state.runtime.config.cashier.id}
          until={state.runtime.lock.state === 'acquired' ? undefined : state.runtime.selling}
        />
        <CashierScreen runtime={state.runtime} />
      </TillDevicesArea>
    );
  }
  if (state.kind === 'failed') {
    return (
      <main className="boot-screen">
        <h1>Till 收银台</h1>
        <div role="alert" className="boot-error">
          {state.message}
        </div>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  }
  return (
    <main className="boot-screen">
      <h1>Till 收银台</h1>
      <p role="status" aria-label="Start-up progress">
        {progressText(state.progress)}
      </p>
      {state.progress.step === 'seeding' ? (
        <progress
          aria-label="Demo catalogue loaded"
          max={state.progress.total}
          value={state.progress.done}
        />
      ) : null}
    </main>
  );
}
