// Head-office administration shared by the admin HTTP endpoints and the CLI:
// stores, terminals with their one-time enrolment codes, revocation, imports.
import { v7 as uuidv7 } from 'uuid';
import type { CurrencyCode } from '../../domain';
import type { CatalogueImport, CatalogueImportResult } from '../protocol';
import { enrolmentCodeHash, newEnrolmentCode } from './credentials';
import {
  NotFoundError,
  type HeadOfficeStorage,
  type StoreRow,
  type TerminalRow,
} from './storage/port';

export interface CreatedTerminal {
  terminal: TerminalRow;
  /** Shown once; only its hash is stored. */
  enrolmentCode: string;
}

export async function createStore(
  storage: HeadOfficeStorage,
  input: { code: string; name: string; currency: CurrencyCode },
  now: Date,
): Promise<StoreRow> {
  return storage.createStore({ id: uuidv7(), ...input, createdAt: now.toISOString() });
}

/** Find a store by id or by code (the CLI takes codes, the HTTP API ids). */
export async function resolveStore(storage: HeadOfficeStorage, ref: string): Promise<StoreRow> {
  const store = (await storage.getStore(ref)) ?? (await storage.getStoreByCode(ref));
  if (!store) throw new NotFoundError(`No store with id or code "${ref}"`);
  return store;
}

export async function createTerminal(
  storage: HeadOfficeStorage,
  storeRef: string,
  input: { code: string; name: string },
  now: Date,
): Promise<CreatedTerminal> {
  const store = await resolveStore(storage, storeRef);
  const enrolmentCode = newEnrolmentCode();
  const terminal = await storage.createTerminal(
    {
      id: uuidv7(),
      storeId: store.id,
      code: input.code,
      name: input.name,
      deviceName: null,
      enrolledAt: null,
      revokedAt: null,
      createdAt: now.toISOString(),
    },
    enrolmentCodeHash(enrolmentCode),
  );
  return { terminal, enrolmentCode };
}

/** Revoke a terminal by id, or by "STORE/TERMINAL" codes (e.g. S001/T01). */
export async function revokeTerminal(
  storage: HeadOfficeStorage,
  ref: string,
  now: Date,
): Promise<TerminalRow> {
  let id = ref;
  const codes = /^([A-Z0-9]+)\/([A-Z0-9]+)$/.exec(ref);
  if (codes) {
    const store = await resolveStore(storage, codes[1] as string);
    const t = (await storage.listTerminals(store.id)).find((x) => x.code === codes[2]);
    if (!t) throw new NotFoundError(`Store ${store.code} has no terminal ${codes[2]}`);
    id = t.id;
  }
  const revoked = await storage.revokeTerminal(id, now.toISOString());
  if (!revoked) throw new NotFoundError(`No terminal ${ref}`);
  return revoked;
}

export async function importCatalogue(
  storage: HeadOfficeStorage,
  data: CatalogueImport,
): Promise<CatalogueImportResult> {
  return storage.importCatalogue(data);
}
