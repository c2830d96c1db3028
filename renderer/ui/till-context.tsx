// The running till, handed to every component of the cashier screen: the store (all
// cashier actions), the config, whether this window may sell, and the barcode focus
// controller.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { TillConfig } from '../config';
import type { TillDb } from '../db/schema';
import type { TillState, TillStore } from '../stores/till-store';

export interface TillContextValue {
  store: TillStore;
  config: TillConfig;
  db: TillDb;
  /** false in a second window (the Web Lock is held elsewhere). */
  canSell: boolean;
  /** Put the cursor back in the barcode field (unless a dialog is open). */
  refocus(): void;
}

export const TillContext = createContext<TillContextValue | null>(null);

export function useTillContext(): TillContextValue {
  const value = useContext(TillContext);
  if (value === null) throw new Error('TillContext is missing');
  return value;
}

/** Select from the till store; re-renders only when the selected value changes. */
export function useTill<T>(selector: (state: TillState) => T): T {
  return useStore(useTillContext().store, selector);
}
