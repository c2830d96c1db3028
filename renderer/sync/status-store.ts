// The page's copy of the sync status, fed by the worker's messages.
import { create } from 'zustand';
import { INITIAL_STATUS, type SyncStatus } from '../../sync/engine/status';

export interface SyncStatusState {
  status: SyncStatus;
  /** Set when the worker could not start at all; the status bar shows it. */
  fatal: string | null;
  /**
   * Another window runs sync for this till (it holds the till, or its engine still runs):
   * this one shows so and starts no engine until that one stops. Cleared by the first
   * status of this window's own engine.
   */
  elsewhere: boolean;
  setStatus(status: SyncStatus): void;
  setFatal(message: string): void;
  setElsewhere(elsewhere: boolean): void;
}

export const useSyncStatus = create<SyncStatusState>((set) => ({
  status: INITIAL_STATUS,
  fatal: null,
  elsewhere: false,
  setStatus: (status) => set({ status, elsewhere: false }),
  setFatal: (fatal) => set({ fatal }),
  setElsewhere: (elsewhere) => set({ elsewhere }),
}));
