import { beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_STATUS } from '../../sync/engine/status';
import { startSyncWhenHeld, type SyncHandle } from './sync-client';
import type { SyncConfigInput } from './messages';
import { useSyncStatus } from './status-store';

const CONFIG: SyncConfigInput = {
  headOfficeUrl: 'http://127.0.0.1:8787',
  enrolmentCode: null,
  dbName: 'till',
};

/** Stands in for the Web Worker (there is none in Node): counts the workers started. */
function workers() {
  const started: Array<{ stopped: boolean }> = [];
  const start = (): SyncHandle => {
    const w = { stopped: false };
    started.push(w);
    return {
      wake: () => {},
      enrol: () => {},
      stop: () => {
        w.stopped = true;
        return Promise.resolve();
      },
    };
  };
  return { started, start };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => {
  useSyncStatus.setState({ status: INITIAL_STATUS, fatal: null, elsewhere: false });
});

describe('starting sync in a window', () => {
  it('starts the worker at once in the window that holds the till', () => {
    const { started, start } = workers();
    startSyncWhenHeld(CONFIG, undefined, start);
    expect(started).toHaveLength(1);
    expect(useSyncStatus.getState().elsewhere).toBe(false);
  });

  it('starts no worker while another window holds the till, says so, and starts one when it takes over', async () => {
    const { started, start } = workers();
    const till = deferred();
    startSyncWhenHeld(CONFIG, till.promise, start);
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toHaveLength(0);
    expect(useSyncStatus.getState().elsewhere).toBe(true);

    till.resolve();
    await expect.poll(() => started.length).toBe(1);
    // Its engine's first status replaces the "other window" line.
    useSyncStatus.getState().setStatus({ ...INITIAL_STATUS, connection: 'online' });
    expect(useSyncStatus.getState().elsewhere).toBe(false);
  });

  it('starts nothing when the window goes away before it gets the till', async () => {
    const { started, start } = workers();
    const till = deferred();
    const handle = startSyncWhenHeld(CONFIG, till.promise, start);
    await handle.stop();
    till.resolve();
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toHaveLength(0);
  });
});
