// Head-office administration shared by the admin HTTP endpoints and the CLI:
// stores, terminals with their one-time enrolment codes (issued again for a
// till head office stopped taking), revocation, imports.
import { v7 as uuidv7 } from 'uuid';
import type { CurrencyCode } from '../../domain';
import { z } from 'zod';
import {
  codeSchema,
  idSchema,
  PULL_VALUE_SCHEMAS,
  type CatalogueImport,
  type CatalogueImportResult,
  type ErrorDetail,
} from '../protocol';
import { enrolmentCodeHash, newEnrolmentCode } from './credentials';
import { HttpError } from './http-errors';
import {
  NotFoundError,
  type HeadOfficeStorage,
  type StorePatch,
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

/**
 * Correct a store's name or currency (store by id or code). Throws NotFoundError
 * for an unknown store, and HttpError `store_has_documents` for a currency change
 * once head office stores documents of the store: their money is in the old one.
 */
export async function updateStore(
  storage: HeadOfficeStorage,
  storeRef: string,
  patch: StorePatch,
): Promise<StoreRow> {
  const store = await resolveStore(storage, storeRef);
  const outcome = await storage.updateStore(store.id, patch);
  if (outcome.ok) return outcome.store;
  // Stores are never deleted: this would be one deleted since it was resolved.
  if (outcome.reason === 'not_found')
    throw new NotFoundError(`No store with id or code "${storeRef}"`);
  const n = outcome.documents;
  throw new HttpError(
    'store_has_documents',
    `Store ${store.code} already holds ${n} document${n === 1 ? '' : 's'} in ${store.currency}; its currency can be corrected only before any document is stored`,
  );
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

/** A terminal's id from its id or "STORE/TERMINAL" codes (e.g. S001/T01); an id is taken as it is. */
async function terminalIdOf(storage: HeadOfficeStorage, ref: string): Promise<string> {
  const codes = /^([A-Z0-9]+)\/([A-Z0-9]+)$/.exec(ref);
  if (!codes) return ref;
  const store = await resolveStore(storage, codes[1] as string);
  const t = (await storage.listTerminals(store.id)).find((x) => x.code === codes[2]);
  if (!t) throw new NotFoundError(`Store ${store.code} has no terminal ${codes[2]}`);
  return t.id;
}

/** Revoke a terminal by id, or by "STORE/TERMINAL" codes (e.g. S001/T01). */
export async function revokeTerminal(
  storage: HeadOfficeStorage,
  ref: string,
  now: Date,
): Promise<TerminalRow> {
  const revoked = await storage.revokeTerminal(await terminalIdOf(storage, ref), now.toISOString());
  if (!revoked) throw new NotFoundError(`No terminal ${ref}`);
  return revoked;
}

export interface ReissuedCode {
  terminal: TerminalRow;
  store: StoreRow;
  /** Shown once; only its hash is stored. */
  enrolmentCode: string;
}

/**
 * Give an existing terminal (by id, or by "STORE/TERMINAL" codes) a new one-time
 * enrolment code, for a till head office stopped taking (revoked, or its token
 * leaked): its token stops working at once, a revocation is lifted, and the till
 * that enrols with the code — naming this terminal, or naming none while head
 * office holds no document of it — keeps the terminal's id and sends what waited.
 * The code it had before, used or not, no longer works. Throws NotFoundError.
 */
export async function reissueEnrolmentCode(
  storage: HeadOfficeStorage,
  ref: string,
): Promise<ReissuedCode> {
  const enrolmentCode = newEnrolmentCode();
  const terminal = await storage.reissueEnrolmentCode(
    await terminalIdOf(storage, ref),
    enrolmentCodeHash(enrolmentCode),
  );
  if (!terminal) throw new NotFoundError(`No terminal ${ref}`);
  // Terminals never change store, and stores are never deleted.
  const store = (await storage.getStore(terminal.storeId)) as StoreRow;
  return { terminal, store, enrolmentCode };
}

export async function importCatalogue(
  storage: HeadOfficeStorage,
  data: CatalogueImport,
): Promise<CatalogueImportResult> {
  return storage.importCatalogue(data);
}

/** Collections head office fills from an ERP/CRM rather than from the catalogue import. */
export const RECORD_COLLECTIONS = ['users', 'customers', 'loyalty'] as const;
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

/**
 * A records import: `upsert` rows in the collection's pull value shape, and
 * keys to `delete` (tombstones). `storeCode` limits rows to one store's tills
 * (e.g. a store's own cashiers); absent = every store.
 */
export const recordsImportSchema = z.strictObject({
  storeCode: codeSchema.optional(),
  upsert: z.array(z.unknown()).default([]),
  delete: z.array(idSchema).default([]),
});

/** Validate and write users, customers or loyalty balances; every bad row is reported with its 1-based number. */
export async function importRecords(
  storage: HeadOfficeStorage,
  collection: RecordCollection,
  input: z.output<typeof recordsImportSchema>,
): Promise<{ ok: true; written: number } | { ok: false; errors: ErrorDetail[] }> {
  const schema = PULL_VALUE_SCHEMAS[collection];
  if (collection === 'loyalty' && input.storeCode !== undefined) {
    // A member's balance is chain-wide, and a member's sale adds to that one row: a
    // store's own row for the same member would reach that store's tills beside it.
    return {
      ok: false,
      errors: [{ message: 'Loyalty balances are chain-wide: import them without storeCode' }],
    };
  }
  const errors: ErrorDetail[] = [];
  const rows: { key: string; value: unknown; scope: string }[] = [];
  const scope =
    input.storeCode === undefined ? '' : (await resolveStore(storage, input.storeCode)).id;
  input.upsert.forEach((raw, i) => {
    const r = schema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      errors.push({
        row: i + 1,
        message: `upsert row ${i + 1}: ${issue?.path.map(String).join('.') || 'row'}: ${issue?.message ?? 'invalid'}`,
      });
      return;
    }
    const value = r.data as { id?: string; customerId?: string };
    rows.push({ key: (value.id ?? value.customerId) as string, value, scope });
  });
  if (errors.length > 0) return { ok: false, errors };
  for (const key of input.delete) rows.push({ key, value: null, scope });
  return { ok: true, written: await storage.writeRecords(collection, rows) };
}
