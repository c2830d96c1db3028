// Production wiring of the till store: configuration from the local database, UUIDv7
// ids and the wall clock. Tests build the store with createTillStore and fixed deps.
import { v7 as uuidv7 } from 'uuid';
import { loadTillConfig } from '../db/terminal-config';
import type { TillDb } from '../db/schema';
import { createTillStore, type TillStore } from './till-store';

export async function openTillStore(db: TillDb, cashierId: string): Promise<TillStore> {
  const { settings, currency } = await loadTillConfig(db);
  const store = createTillStore({
    db,
    settings,
    currency,
    cashierId,
    now: () => new Date().toISOString(),
    newId: () => uuidv7(),
  });
  await Promise.all([store.getState().refreshParked(), store.getState().refreshTerminal()]);
  return store;
}
