// The till's local database (Dexie 4 on IndexedDB). Shared by the renderer (stores,
// completeSale) and the sync engine (outbox push, checkpointed pull), which opens its
// own connection from its Web Worker with `openTillDb(name, { durability: 'relaxed' })`.
//
// Durability: Dexie 4.4 sets IndexedDB durability per CONNECTION
// (`new Dexie(name, { chromeTransactionDurability })`), not per transaction. So a
// TillDb defaults to 'strict' (sales, audit, outbox commits are flushed before they
// resolve), and bulk catalogue writes go through a second, 'relaxed' connection to the
// same database (`db.withDurability('relaxed')`, used by seedCatalogue and sync pull).
import Dexie, { type DBCore, type DBCoreMutateRequest, type Table } from 'dexie';
import type { Cart, CurrencyCode, PricingSettings, Product, Sale, TaxRate } from '../../domain';
import { memberPhoneKey } from '../../domain/member';

export type Durability = 'strict' | 'relaxed' | 'default';

/**
 * Stock the till believes is on hand. `quantity` is in the product's unit: a count
 * for 'each', GRAMS for 'kg'. A pull writes head office's figure minus the local
 * sales head office has not acknowledged yet; completeSale decrements it in the sale
 * transaction. A product sold before any pull gets a row with a negative quantity and
 * `pulledAt: null`.
 */
export interface StockRow {
  productId: string;
  quantity: number;
  pulledAt: string | null;
}

export type OutboxType = 'sale' | 'refund' | 'cash_movement' | 'shift_close';
/**
 * Outbox entry state machine:
 * - 'pending': entered when the document is written (same transaction as its effects),
 *   and again from 'rejected' or 'done' (below); left when head office answers
 *   accepted/duplicate ('done') or rejected ('rejected'). Transient failures stay
 *   'pending' and bump `attempts` / `lastError`.
 * - 'done': `doneAt` set. Left only back to 'pending' when head office no longer holds
 *   it (restored from an older copy: DexieSyncStore.resendDoneAfter). Never pruned yet.
 * - 'rejected': visible to staff with `rejectedReason`; never blocks later entries. Left
 *   only back to 'pending' when staff send it again (renderer/sync/send-again.ts).
 * Every way back to 'pending' bumps meta `sync.outboxRequeued` (dexie-sync-store.ts).
 */
export type OutboxState = 'pending' | 'done' | 'rejected';
export interface OutboxEntry<TBody = unknown> {
  /** Document id (UUIDv7); for a sale this is the sale id. */
  id: string;
  terminalId: string;
  /** Per-terminal outbox sequence, gapless, starts at 1. */
  sequence: number;
  type: OutboxType;
  body: TBody;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  rejectedReason: string | null;
  createdAt: string;
  doneAt: string | null;
}

/**
 * Print job state machine (the print spooler owns the transitions):
 * - 'queued': entered when the sale commits (or a reprint is asked for); left when the
 *   spooler sends it to the printer ('printing').
 * - 'printing': left for 'printed' on success or 'failed' (printer offline / out of
 *   paper / cover open); a failed job goes back to 'queued' when the printer recovers.
 * - 'printed': terminal.
 */
export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed';
export interface PrintJob {
  id: string;
  saleId: string;
  receiptNumber: string;
  state: PrintJobState;
  /** true for a reprint: the receipt is marked as a copy. */
  copy: boolean;
  createdAt: string;
  attempts?: number;
  lastError?: string | null;
  printedAt?: string | null;
}

/** One link of the hash-chained audit journal. See audit.ts. */
export interface AuditEntry {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  at: string;
  type: string;
  actorId: string;
  /** The document the entry is about (sale id, …) or null. */
  refId: string | null;
  data: Record<string, unknown>;
  /** Hex SHA-256 of the previous entry ('0' × 64 for the first). */
  prevHash: string;
  /** Hex SHA-256 over prevHash + canonical JSON of the entry without `hash`. */
  hash: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The loyalty member (会员) the cashier attached to the sale being rung up, as found by
 * findMember (members.ts): who it is and the points balance the till shows for them.
 */
export interface AttachedMember {
  customerId: string;
  name: string;
  memberNo: string | null;
  phone: string | null;
  /**
   * Points as the till shows them (members.ts memberBalance: head office's last pulled
   * balance plus this till's member sales it has not acknowledged); this sale's points
   * are not in it.
   */
  pointsBalance: number;
  /** When head office's balance was pulled; null when it has sent none for the member. */
  balancePulledAt: string | null;
}

/** A cart put aside to serve another customer; survives a restart. */
export interface ParkedSale {
  id: string;
  parkedAt: string;
  cashierId: string;
  cart: Cart;
  note: string | null;
  /** Summary for the list, computed at park time: items and total in minor units. */
  itemCount: number;
  totalMinor: number;
  currency: CurrencyCode;
  /** The member attached when it was parked (absent on sales parked before members). */
  member?: AttachedMember | null;
}

export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  /**
   * The member number on the customer's card, looked up exactly (index `memberNo`).
   * Optional: rows written before the pull kept it have none.
   */
  memberNo?: string | null;
  /**
   * `phone` as domain memberPhoneKey reads it (digits only, "13800138000"), for the
   * lookup by phone (index `phoneKey`). Never written by hand: the database sets it on
   * every write of a customer row (customerLookupKeys below), whoever writes it.
   */
  phoneKey?: string;
  /**
   * Versions 1–2 kept the customer's points here; read only by the version 3 upgrade,
   * which moved them to `loyaltyBalances` (members.ts memberBalance reads the balance).
   */
  pointsBalance?: number;
  pulledAt: string | null;
}

/**
 * A customer's loyalty points balance as the till shows it (members.ts memberBalance:
 * head office's, as last pulled, plus this till's member sales it has not acknowledged),
 * keyed by customer id. Kept
 * apart from the customer row because head office does not order the two: a balance
 * may come before its customer (operators import loyalty and customers separately),
 * and a customer deleted and re-created keeps it.
 */
export interface LoyaltyBalanceRow {
  customerId: string;
  pointsBalance: number;
  pulledAt: string | null;
}

/**
 * A loyalty event the till recorded, in the sale transaction: so far only 'earn', one
 * per sale with a member. Head office applies the points itself from the sale's
 * customerId; the entry keeps what the customer was told on the receipt (the reprint
 * prints the same) and is the till's record of points not yet in a pulled balance.
 */
export interface LoyaltyLedgerEntry {
  /** `${saleId}:earn`. */
  id: string;
  kind: 'earn';
  saleId: string;
  receiptNumber: string;
  customerId: string;
  /** The member's name as shown on the receipt. */
  memberName: string;
  /** Points this sale earns (domain loyaltyPointsEarned of its total). */
  points: number;
  /**
   * The member's balance as the till showed it when the sale committed (members.ts
   * memberBalance: last pulled + this till's member sales not yet acknowledged), and
   * when that pulled balance was pulled (null: never).
   */
  balanceBefore: number;
  pulledAt: string | null;
  /** balanceBefore + points: the balance printed on the receipt. */
  balanceAfter: number;
  createdAt: string;
}

/** A head-office user (cashier or manager) as last pulled. Nothing reads it yet: no sign-in screen. */
export interface UserRow {
  id: string;
  name: string;
  role: 'cashier' | 'manager';
  /** False once head office deactivates the user (the row is kept; a user head office deletes is removed). */
  active: boolean;
  pulledAt: string;
}

/** Pull checkpoint per collection (server-assigned, monotonically increasing). */
export interface SyncStateRow {
  collection: string;
  checkpoint: number;
  pulledAt: string | null;
}

/**
 * Who this till is; completeSale numbers receipts with it. A till with a head office
 * gets it only from enrolment (with the token, one transaction); a standalone till
 * from its config file at start-up (and the demo seed). See docs/sync-engine.md.
 */
export interface TerminalIdentity {
  storeId: string;
  storeCode: string;
  terminalId: string;
  terminalCode: string;
}

/** Typed values of well-known meta keys. */
export interface MetaValues {
  terminal: TerminalIdentity;
  pricingSettings: PricingSettings;
  /** Last receipt sequence used (0 = none yet). Advanced only inside completeSale. */
  receiptSequence: number;
  /** Last outbox sequence used (0 = none yet). */
  outboxSequence: number;
  /** Head of the audit chain, updated in the same transaction as each append. */
  auditHead: { seq: number; hash: string };
}
export type MetaKey = keyof MetaValues;

export const TILL_TABLES = [
  'products',
  'taxRates',
  'stock',
  'sales',
  'outbox',
  'printJobs',
  'audit',
  'meta',
  'parkedSales',
  'customers',
  'syncState',
  'users',
  'loyaltyBalances',
  'loyaltyLedger',
] as const;
export type TillTableName = (typeof TILL_TABLES)[number];

export interface TillDbOptions {
  /** IndexedDB durability of every transaction on this connection. Default 'strict'. */
  durability?: Durability;
  /** Inject an IDBFactory (tests); defaults to the global indexedDB. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** A customer row with its lookup key for the phone index (domain memberPhoneKey). */
export function customerLookupKeys<T extends Customer>(customer: T): T {
  const { phoneKey: _old, ...rest } = customer;
  const phoneKey = memberPhoneKey(customer.phone);
  return (phoneKey === null ? rest : { ...rest, phoneKey }) as T;
}

/**
 * Sets `phoneKey` on every customer row written through this connection (the sync
 * engine's pull, the demo seed, tests), so the phone index is right whoever writes the
 * row and however head office spelt the number.
 */
function customerKeysMiddleware(down: DBCore): DBCore {
  return {
    ...down,
    table(name) {
      const table = down.table(name);
      if (name !== 'customers') return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
          return table.mutate({
            ...req,
            values: req.values.map((v) => customerLookupKeys(v as Customer)),
          });
        },
      };
    },
  };
}

/** Key stored in Product.barcodes for a weighed item's scale PLU (5 digits). */
export function pluBarcodeKey(plu: string): string {
  return `plu:${plu}`;
}

export class TillDb extends Dexie {
  declare products: Table<Product, string>;
  declare taxRates: Table<TaxRate, string>;
  declare stock: Table<StockRow, string>;
  declare sales: Table<Sale, string>;
  declare outbox: Table<OutboxEntry, string>;
  declare printJobs: Table<PrintJob, string>;
  declare audit: Table<AuditEntry, number>;
  declare meta: Table<MetaRow, string>;
  declare parkedSales: Table<ParkedSale, string>;
  declare customers: Table<Customer, string>;
  declare syncState: Table<SyncStateRow, string>;
  declare users: Table<UserRow, string>;
  declare loyaltyBalances: Table<LoyaltyBalanceRow, string>;
  declare loyaltyLedger: Table<LoyaltyLedgerEntry, string>;

  readonly durability: Durability;
  private readonly tillOptions: TillDbOptions;

  constructor(name = 'till', options: TillDbOptions = {}) {
    const durability = options.durability ?? 'strict';
    super(name, {
      chromeTransactionDurability: durability,
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    this.durability = durability;
    this.tillOptions = options;
    // Version 1. A later schema adds `this.version(2).stores({...}).upgrade(...)` below;
    // never edit a shipped version.
    this.version(1).stores({
      products: 'id, sku, *barcodes, *searchKeys',
      taxRates: 'id',
      stock: 'productId',
      sales: 'id, &receiptNumber, sequence, createdAt',
      outbox: 'id, &[terminalId+sequence], state, sequence',
      printJobs: 'id, state, createdAt',
      audit: 'seq',
      meta: 'key',
      parkedSales: 'id, parkedAt',
      customers: 'id',
      syncState: 'collection',
    });
    // Version 2: head office's users, pulled like the other collections.
    this.version(2).stores({ users: 'id' });
    // Version 3: loyalty balances in their own table, so one that arrives before its
    // customer is kept. The upgrade keeps every balance customer rows hold, and pulls
    // loyalty again from the start: versions 1–2 dropped a balance whose customer had
    // not arrived yet while its checkpoint moved on, and only a fresh pull brings it back.
    this.version(3)
      .stores({ loyaltyBalances: 'customerId' })
      .upgrade(async (tx) => {
        const customers = await tx.table<Customer, string>('customers').toArray();
        await tx.table<LoyaltyBalanceRow, string>('loyaltyBalances').bulkPut(
          customers.map((c) => ({
            customerId: c.id,
            pointsBalance: c.pointsBalance ?? 0,
            pulledAt: c.pulledAt,
          })),
        );
        await tx.table<SyncStateRow, string>('syncState').delete('loyalty');
      });
    // Version 4: the cashier attaches a member by member number or phone, looked up
    // through indexes (the customers table may be large); the loyalty ledger keeps each
    // member sale's points. The upgrade gives existing rows their phone key, and pulls
    // customers again from the start: versions 1–3 kept no member number.
    this.version(4)
      .stores({
        customers: 'id, memberNo, phoneKey',
        loyaltyLedger: 'id, saleId, customerId',
      })
      .upgrade(async (tx) => {
        await tx
          .table<Customer, string>('customers')
          .toCollection()
          .modify((customer, row) => {
            row.value = customerLookupKeys(customer);
          });
        await tx.table<SyncStateRow, string>('syncState').delete('customers');
      });
    this.use({ stack: 'dbcore', name: 'customer-lookup-keys', create: customerKeysMiddleware });
  }

  /** A second connection to the same database with another durability. Close it after use. */
  withDurability(durability: Durability): TillDb {
    return new TillDb(this.name, { ...this.tillOptions, durability });
  }
}

/** Open (creating if needed) the till database. Tests pass unique names. */
export async function openTillDb(name = 'till', options: TillDbOptions = {}): Promise<TillDb> {
  const db = new TillDb(name, options);
  await db.open();
  return db;
}

/** Read a typed meta value (undefined when never written). */
export async function getMeta<K extends MetaKey>(
  db: TillDb,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(
  db: TillDb,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await db.meta.put({ key, value });
}
