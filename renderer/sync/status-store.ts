// The page's copy of the sync status, fed by the worker's messages.
import { create } from 'zustand';
import { INITIAL_STATUS, type SyncStatus } from '../../sync/engine/status';

export interface SyncStatusState {
  status: SyncStatus;
  /** Set when the worker could not start at all; the status bar shows it. */
  fatal: string | null;
  setStatus(status: SyncStatus): void;
  setFatal(message: string): void;
}

export const useSyncStatus = create<SyncStatusState>((set) => ({
  status: INITIAL_STATUS,
  fatal: null,
  setStatus: (status) => set({ status }),
  setFatal: (fatal) => set({ fatal }),
}));
