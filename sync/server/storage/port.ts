// The head office's storage port. Two engines implement it (SQLite for the
// embedded default, PostgreSQL for several stateless instances) and one
// contract suite (storage.contract.ts) runs against both.
//
// Engines do not interpret documents: the server validates a document,
// computes its stored JSON, content hash and effects (effects.ts) and hands them
// over; the engine stores the document under its unique keys and applies the
// effects in the SAME transaction, so a retry can never double them.
import type { CatalogueImport, CatalogueImportResult, CurrencyCode, PullCollection } from './types';

export type { CatalogueImport, CatalogueImportResult, PullCollection };

export interface StoreRow {
  id: string;
  code: string;
  name: string;
  currency: CurrencyCode;
  createdAt: string;
}

export interface TerminalRow {
  id: string;
  storeId: string;
  code: string;
  name: string;
  deviceName: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** A terminal found by its token, with its store (for authorisation). */
export interface AuthenticatedTerminal {
  terminal: TerminalRow;
  store: StoreRow;
}

/** Stock change of one product in one store; quantity in the product's unit (count or grams). */
export interface StockDelta {
  productId: string;
  delta: number;
}

/** Points added to a loyalty member's balance (records collection `loyalty`, key = customer id). */
export interface LoyaltyDelta {
  customerId: string;
  points: number;
}

/** Contribution of one document to the store/terminal/day totals, minor units. */
export interface TotalsDelta {
  /** Trading day, YYYY-MM-DD (the date part of the document's createdAt). */
  day: string;
  currency: CurrencyCode;
  salesCount: number;
  salesTotalMinor: number;
  salesTaxMinor: number;
  refundsCount: number;
  refundsTotalMinor: number;
}

/** A validated, authorised document ready to store. */
export interface IngestDocument {
  id: string;
  type: string;
  storeId: string;
  terminalId: string;
  sequence: number;
  createdAt: string;
  /** JSON of the whole validated document (envelope and body), as the till sent it: what is stored. */
  json: string;
  /**
   * SHA-256 (hex) of `json`. Equal hashes = the same document. A different
   * hash under a stored id is reported as `conflict`; the server then compares
   * canonical forms, so the same document sent in another form (key order,
   * spacing, escapes) is not mistaken for a conflict.
   */
  contentHash: string;
  /** Applied only when the document is newly accepted. */
  effects: { stock: StockDelta[]; totals: TotalsDelta | null; loyalty: LoyaltyDelta | null };
}

export type IngestOutcome =
  | { id: string; status: 'accepted' }
  | { id: string; status: 'duplicate' }
  | { id: string; status: 'conflict' }
  | { id: string; status: 'sequence_conflict'; storedId: string };

/** One pulled change; `valueJson` is the stored JSON text (null for a tombstone). */
export interface StoredChange {
  key: string;
  seq: number;
  deleted: boolean;
  valueJson: string | null;
}

export interface ChangePage {
  changes: StoredChange[];
  checkpoint: number;
  more: boolean;
}

/** A row for a generic collection (users, customers, loyalty): value null = delete. */
export interface RecordWrite {
  key: string;
  value: unknown;
  /** Store id the row belongs to, or '' for every store. */
  scope?: string;
}

export interface SaleTotalsRow extends TotalsDelta {
  storeId: string;
  terminalId: string;
}

export interface EnrolInput {
  codeHash: string;
  tokenHash: string;
  deviceName: string;
  at: string;
  /**
   * The terminal the till already is, from a till enrolling again; absent from
   * a new (or reset) till. See EnrolOutcome for what it decides.
   */
  terminalId?: string;
}

/** What an operator may correct on a store; absent fields stay as they are. */
export interface StorePatch {
  name?: string;
  currency?: CurrencyCode;
}

/**
 * `has_documents`: the currency would change, but head office already stores
 * that many documents of the store (`documents`), their money in its currency.
 */
export type UpdateStoreOutcome =
  | { ok: true; store: StoreRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'has_documents'; documents: number };

/** A terminal as people name it: its store's code and its own ("S001", "T01"). */
export interface TerminalCodes {
  storeCode: string;
  terminalCode: string;
}

/**
 * Refusals are decided in this order, the first that applies: `unknown` (no
 * terminal has this code: mistyped, or replaced by a newer code), `revoked`,
 * `used`, then two that leave the code usable:
 * - `other_terminal`: the till named a terminal (`EnrolInput.terminalId`) other
 *   than the code's (`codeFor`); `till` is the terminal it named, null when head
 *   office has no such terminal.
 * - `has_documents`: the till named no terminal, and head office holds
 *   `documents` documents of the code's terminal (`codeFor`): a new till would
 *   number its documents from 1 again beside them.
 */
export type EnrolOutcome =
  | { ok: true; terminal: TerminalRow; store: StoreRow }
  | { ok: false; reason: 'unknown' | 'used' }
  /** `codeFor`: the revoked terminal the code was for (the message names it). */
  | { ok: false; reason: 'revoked'; codeFor: TerminalCodes }
  | { ok: false; reason: 'other_terminal'; codeFor: TerminalCodes; till: TerminalCodes | null }
  | { ok: false; reason: 'has_documents'; codeFor: TerminalCodes; documents: number };

/** Thrown by create* when a code is taken; the server answers `already_exists`. */
export class AlreadyExistsError extends Error {
  override name = 'AlreadyExistsError';
}

/** Thrown when a referenced store or terminal does not exist; the server answers `not_found`. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A pull from a checkpoint head office never reached: its database was restored or replaced. */
export class CheckpointAheadError extends Error {
  override name = 'CheckpointAheadError';
  constructor(
    readonly after: number,
    readonly latest: number,
  ) {
    super(
      `The till's checkpoint ${after} is past head office's latest change ${latest}: head office's database was restored or replaced; pull again from the start`,
    );
  }
}

export interface HeadOfficeStorage {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  createStore(store: StoreRow): Promise<StoreRow>;
  getStore(id: string): Promise<StoreRow | null>;
  getStoreByCode(code: string): Promise<StoreRow | null>;
  listStores(): Promise<StoreRow[]>;
  /**
   * Rename a store or correct its currency. A currency change is refused while
   * head office stores any document of the store (setting the currency it has
   * is no change); the check and the update are one transaction.
   */
  updateStore(id: string, patch: StorePatch): Promise<UpdateStoreOutcome>;

  /** Create a terminal with the hash of its one-time enrolment code. */
  createTerminal(terminal: TerminalRow, enrolmentCodeHash: string): Promise<TerminalRow>;
  listTerminals(storeId?: string): Promise<TerminalRow[]>;
  /**
   * Consume the code and set the terminal's token, in one transaction with the
   * checks of EnrolOutcome: of two concurrent enrolments with one code, one wins.
   */
  enrol(input: EnrolInput): Promise<EnrolOutcome>;
  /** The terminal holding this token hash (revoked ones too; the caller decides), with its store. */
  findByTokenHash(tokenHash: string): Promise<AuthenticatedTerminal | null>;
  /**
   * Refuse the terminal's token from now on; returns null when the terminal does
   * not exist. Revoking twice keeps the first time. Only a code issued anew
   * (reissueEnrolmentCode) lets it in again: used by the terminal's own till, or,
   * while head office holds no document of the terminal, by a till naming none.
   */
  revokeTerminal(terminalId: string, at: string): Promise<TerminalRow | null>;
  /**
   * Give an existing terminal a new one-time enrolment code, in one statement:
   * the code replaces the one before (used or not; an old code is then
   * `unknown`), the terminal's token stops working at once, and a revocation is
   * lifted, so the till that enrols with the new code gets in again under the
   * same terminal id. The terminal counts as not enrolled (enrolledAt null)
   * until then. Returns the updated terminal, null when there is no such one.
   */
  reissueEnrolmentCode(terminalId: string, enrolmentCodeHash: string): Promise<TerminalRow | null>;

  /** Store documents exactly once with their effects; one outcome per document, in order. */
  ingest(documents: readonly IngestDocument[], receivedAt: string): Promise<IngestOutcome[]>;
  /** Changes of a collection visible to a store after a checkpoint, oldest first. */
  pull(
    collection: PullCollection,
    storeId: string,
    after: number,
    limit: number,
  ): Promise<ChangePage>;

  /** Import a catalogue (validated); unknown store codes throw NotFoundError before anything is written. */
  importCatalogue(data: CatalogueImport): Promise<CatalogueImportResult>;
  /** Upsert or delete rows of users, customers or loyalty. */
  writeRecords(
    collection: 'users' | 'customers' | 'loyalty',
    rows: readonly RecordWrite[],
  ): Promise<number>;

  /** Stored document JSON, or null. */
  getDocument(id: string): Promise<string | null>;
  countDocuments(): Promise<number>;
  /**
   * Highest envelope sequence among the terminal's stored documents, null when it has
   * none: what a till compares with the documents it was told are stored
   * (GET /api/v1/terminal).
   */
  lastDocumentSequence(terminalId: string): Promise<number | null>;
  saleTotals(storeId?: string): Promise<SaleTotalsRow[]>;
  /** Head office's stock figure, or null when the store has no row for the product. */
  stockQuantity(storeId: string, productId: string): Promise<number | null>;
}
