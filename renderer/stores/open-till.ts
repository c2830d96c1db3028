// Production wiring of the till store: configuration from the local database, UUIDv7
// ids and the wall clock. Tests build the store with createTillStore and fixed deps.
import { v7 as uuidv7 } from 'uuid';
import { loadTillConfig } from '../db/terminal-config';
import type { TillDb } from '../db/schema';
import { createTillStore, type TillStore } from './till-store';

export async function openTillStore(db: TillDb, cashierId: string): Promise<TillStore> {
  const config = await loadTillConfig(db);
  const store = createTillStore({
    db,
    ...config,
    cashierId,
    now: () => new Date().toISOString(),
    newId: () => uuidv7(),
  });
  await store.getState().refreshParked();
  return store;
}
