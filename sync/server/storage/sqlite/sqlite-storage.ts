// SQLite engine (better-sqlite3): one file, WAL, synchronous=NORMAL. Writes
// are synchronous transactions on one connection, so in one process they are
// serialised and the change sequence is simply a counter row.
import Database from 'better-sqlite3';
import type {
  AuthenticatedTerminal,
  CatalogueImport,
  CatalogueImportResult,
  ChangePage,
  EnrolInput,
  EnrolOutcome,
  HeadOfficeStorage,
  IngestDocument,
  IngestOutcome,
  PullCollection,
  RecordWrite,
  SaleTotalsRow,
  StorePatch,
  StoreRow,
  TerminalCodes,
  TerminalRow,
  UpdateStoreOutcome,
} from '../port';
import { AlreadyExistsError, CheckpointAheadError, NotFoundError } from '../port';
import { loadMigrations } from '../migrations';
import { prepareStatements } from './sqlite-statements';
import {
  aggregateEffects,
  catalogueRows,
  IMPORT_CHUNK,
  documentRow,
  patchedStore,
  recordRows,
  toStore,
  toTerminal,
  toTerminalCodes,
  type Row,
} from '../shared';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true;
}

/** Open (creating if needed) the head-office database file and bring its schema up to date. */
export function openSqliteStorage(file: string): HeadOfficeStorage {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  retryWhileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new SqliteStorage(db);
}

/** Pause between the chunks of a bulk import (ms); see writeInChunks. */
const IMPORT_PAUSE_MS = 20;

/** How long opening keeps trying while another process holds a fresh file (ms). */
const OPEN_BUSY_MS = 5000;

/**
 * Run `fn`, again every 20 ms while it fails with SQLITE_BUSY, for up to
 * OPEN_BUSY_MS. Switching a fresh file to WAL fails at once, without waiting
 * out busy_timeout, while another process (the server and a CLI command
 * started together) is creating it.
 */
function retryWhileBusy<T>(fn: () => T): T {
  const deadline = Date.now() + OPEN_BUSY_MS;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * Apply the migrations not yet applied. Each is checked and applied inside one
 * IMMEDIATE transaction (the file's write lock), so two processes opening a
 * fresh file at once — the server and a CLI command — cannot both apply one:
 * the second waits (busy_timeout), then finds it applied.
 */
function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const m of loadMigrations('sqlite')) {
    db.transaction(() => {
      if (isApplied.get(m.version) !== undefined) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}

class SqliteStorage implements HeadOfficeStorage {
  readonly kind = 'sqlite' as const;
  private readonly s: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database.Database) {
    this.s = prepareStatements(db);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private nextSeqs(n: number): number {
    const { value } = this.s.bumpSeq.get(n) as { value: number };
    return value - n + 1;
  }

  async createStore(store: StoreRow): Promise<StoreRow> {
    try {
      this.db
        .prepare('INSERT INTO stores (id, code, name, currency, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(store.id, store.code, store.name, store.currency, store.createdAt);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError(`A store with code ${store.code} exists already`);
      throw err;
    }
    return store;
  }

  async getStore(id: string): Promise<StoreRow | null> {
    const r = this.db.prepare('SELECT * FROM stores WHERE id = ?').get(id) as Row | undefined;
    return r ? toStore(r) : null;
  }

  async getStoreByCode(code: string): Promise<StoreRow | null> {
    const r = this.db.prepare('SELECT * FROM stores WHERE code = ?').get(code) as Row | undefined;
    return r ? toStore(r) : null;
  }

  async listStores(): Promise<StoreRow[]> {
    return (this.db.prepare('SELECT * FROM stores ORDER BY code').all() as Row[]).map(toStore);
  }

  async updateStore(id: string, patch: StorePatch): Promise<UpdateStoreOutcome> {
    // IMMEDIATE: the write lock is held from the check to the update, so no push
    // commits a document in between; a push whose currency was judged before the
    // correction may still commit after it (docs/protocol.md, "Admin API"). Under
    // the lock only whether the store has a document is read; how many, for the
    // message, is counted after it, so pushes do not wait for a count.
    const outcome = this.db
      .transaction((): UpdateStoreOutcome => {
        const row = this.db.prepare('SELECT * FROM stores WHERE id = ?').get(id) as Row | undefined;
        if (!row) return { ok: false, reason: 'not_found' };
        const store = toStore(row);
        if (patch.currency !== undefined && patch.currency !== store.currency) {
          if (this.s.storeHasDocuments.get(id) !== undefined)
            return { ok: false, reason: 'has_documents', documents: 0 };
        }
        const updated = patchedStore(store, patch);
        this.db
          .prepare('UPDATE stores SET name = ?, currency = ? WHERE id = ?')
          .run(updated.name, updated.currency, id);
        return { ok: true, store: updated };
      })
      .immediate();
    if (outcome.ok || outcome.reason !== 'has_documents') return outcome;
    return { ...outcome, documents: (this.s.storeDocuments.get(id) as { n: number }).n };
  }

  async createTerminal(t: TerminalRow, enrolmentCodeHash: string): Promise<TerminalRow> {
    if (!(await this.getStore(t.storeId))) throw new NotFoundError(`No store ${t.storeId}`);
    try {
      this.db
        .prepare(
          'INSERT INTO terminals (id, store_id, code, name, enrolment_code_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(t.id, t.storeId, t.code, t.name, enrolmentCodeHash, t.createdAt);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError(`The store has a terminal ${t.code} already`);
      throw err;
    }
    return t;
  }

  async listTerminals(storeId?: string): Promise<TerminalRow[]> {
    const rows = storeId
      ? this.db.prepare('SELECT * FROM terminals WHERE store_id = ? ORDER BY code').all(storeId)
      : this.db.prepare('SELECT * FROM terminals ORDER BY store_id, code').all();
    return (rows as Row[]).map(toTerminal);
  }

  async enrol(input: EnrolInput): Promise<EnrolOutcome> {
    // IMMEDIATE: the write lock is held from reading the code to using it, so of
    // two enrolments with one code the second finds it used. Under the lock only
    // whether the terminal has a document is read; how many, for the message, is
    // counted after it (as in updateStore).
    let codeTerminalId = '';
    const outcome = this.db
      .transaction((): EnrolOutcome => {
        const row = this.db
          .prepare('SELECT * FROM terminals WHERE enrolment_code_hash = ?')
          .get(input.codeHash) as Row | undefined;
        if (!row) return { ok: false, reason: 'unknown' };
        if (row.revoked_at !== null)
          return {
            ok: false,
            reason: 'revoked',
            codeFor: this.terminalCodes(String(row.id)) as TerminalCodes,
          };
        if (row.enrolment_used_at !== null) return { ok: false, reason: 'used' };
        codeTerminalId = String(row.id);
        if (input.terminalId !== undefined && input.terminalId !== row.id) {
          return {
            ok: false,
            reason: 'other_terminal',
            codeFor: this.terminalCodes(codeTerminalId) as TerminalCodes,
            till: this.terminalCodes(input.terminalId),
          };
        }
        if (
          input.terminalId === undefined &&
          this.s.terminalHasDocuments.get(codeTerminalId) !== undefined
        ) {
          return {
            ok: false,
            reason: 'has_documents',
            codeFor: this.terminalCodes(codeTerminalId) as TerminalCodes,
            documents: 0,
          };
        }
        this.db
          .prepare(
            'UPDATE terminals SET enrolment_used_at = ?, token_hash = ?, device_name = ?, enrolled_at = ? WHERE id = ?',
          )
          .run(input.at, input.tokenHash, input.deviceName, input.at, row.id);
        const terminal = toTerminal({
          ...row,
          device_name: input.deviceName,
          enrolled_at: input.at,
        });
        const store = toStore(
          this.db.prepare('SELECT * FROM stores WHERE id = ?').get(row.store_id) as Row,
        );
        return { ok: true, terminal, store };
      })
      .immediate();
    if (outcome.ok || outcome.reason !== 'has_documents') return outcome;
    const { n } = this.s.terminalDocuments.get(codeTerminalId) as { n: number };
    return { ...outcome, documents: n };
  }

  private terminalCodes(terminalId: string): TerminalCodes | null {
    const r = this.s.terminalCodes.get(terminalId) as Row | undefined;
    return r ? toTerminalCodes(r) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<AuthenticatedTerminal | null> {
    const t = this.db.prepare('SELECT * FROM terminals WHERE token_hash = ?').get(tokenHash) as
      Row | undefined;
    if (!t) return null;
    const s = this.db.prepare('SELECT * FROM stores WHERE id = ?').get(t.store_id) as Row;
    return { terminal: toTerminal(t), store: toStore(s) };
  }

  async revokeTerminal(terminalId: string, at: string): Promise<TerminalRow | null> {
    this.db
      .prepare('UPDATE terminals SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?')
      .run(at, terminalId);
    const r = this.db.prepare('SELECT * FROM terminals WHERE id = ?').get(terminalId) as
      Row | undefined;
    return r ? toTerminal(r) : null;
  }

  async reissueEnrolmentCode(
    terminalId: string,
    enrolmentCodeHash: string,
  ): Promise<TerminalRow | null> {
    const r = this.db
      .prepare(
        `UPDATE terminals SET enrolment_code_hash = ?, enrolment_used_at = NULL, token_hash = NULL,
           revoked_at = NULL, enrolled_at = NULL WHERE id = ? RETURNING *`,
      )
      .get(enrolmentCodeHash, terminalId) as Row | undefined;
    return r ? toTerminal(r) : null;
  }

  async ingest(documents: readonly IngestDocument[], receivedAt: string): Promise<IngestOutcome[]> {
    return this.db
      .transaction((): IngestOutcome[] => {
        const outcomes: IngestOutcome[] = [];
        const accepted: IngestDocument[] = [];
        for (const d of documents) {
          const info = this.s.insertDoc.run(...documentRow(d, receivedAt));
          if (info.changes === 1) {
            outcomes.push({ id: d.id, status: 'accepted' });
            accepted.push(d);
            continue;
          }
          const byId = this.s.docById.get(d.id) as { content_hash: string } | undefined;
          if (byId) {
            outcomes.push({
              id: d.id,
              status: byId.content_hash === d.contentHash ? 'duplicate' : 'conflict',
            });
            continue;
          }
          const bySeq = this.s.docBySeq.get(d.terminalId, d.sequence) as { id: string };
          outcomes.push({ id: d.id, status: 'sequence_conflict', storedId: bySeq.id });
        }
        const { stock, totals, loyalty } = aggregateEffects(accepted);
        if (stock.length > 0) {
          let seq = this.nextSeqs(stock.length);
          for (const s of stock) this.s.stockDelta.run(s.storeId, s.productId, s.delta, seq++);
        }
        for (const t of totals) {
          this.s.totals.run(
            t.storeId,
            t.terminalId,
            t.day,
            t.currency,
            t.salesCount,
            t.salesTotalMinor,
            t.salesTaxMinor,
            t.refundsCount,
            t.refundsTotalMinor,
          );
        }
        if (loyalty.length > 0) {
          let seq = this.nextSeqs(loyalty.length);
          for (const l of loyalty) {
            this.s.loyaltyAdd.run({ customerId: l.customerId, seq: seq++, points: l.points });
          }
        }
        return outcomes;
      })
      .immediate();
  }

  async pull(
    collection: PullCollection,
    storeId: string,
    after: number,
    limit: number,
  ): Promise<ChangePage> {
    let rows: { key: string; seq: number; deleted: boolean; valueJson: string | null }[];
    if (collection === 'stock') {
      rows = (this.s.pullStock.all(storeId, after, limit + 1) as Row[]).map((r) => ({
        key: String(r.key),
        seq: Number(r.seq),
        deleted: r.deleted === 1,
        valueJson:
          r.deleted === 1 ? null : JSON.stringify({ productId: r.key, quantity: r.quantity }),
      }));
    } else {
      rows = (this.s.pullRecords.all(collection, after, storeId, limit + 1) as Row[]).map((r) => ({
        key: String(r.key),
        seq: Number(r.seq),
        deleted: r.deleted === 1,
        valueJson: r.value === null ? null : String(r.value),
      }));
    }
    if (rows.length === 0 && after > 0) {
      const { value } = this.s.latestSeq.get() as { value: number };
      if (after > value) throw new CheckpointAheadError(after, value);
    }
    const more = rows.length > limit;
    const changes = more ? rows.slice(0, limit) : rows;
    const last = changes[changes.length - 1];
    return { changes, checkpoint: last ? last.seq : after, more };
  }

  async importCatalogue(data: CatalogueImport): Promise<CatalogueImportResult> {
    const storeIds = new Map<string, string>();
    for (const code of new Set(data.stock.map((s) => s.storeCode))) {
      const store = await this.getStoreByCode(code);
      if (!store) throw new NotFoundError(`No store with code ${code}`);
      storeIds.set(code, store.id);
    }
    const writes: (() => void)[] = [];
    let seq = 0;
    for (const r of catalogueRows(data)) {
      writes.push(() =>
        this.s.record.run(r.collection, '', r.key, seq++, r.value === null ? 1 : 0, r.value),
      );
    }
    for (const s of data.stock) {
      writes.push(() =>
        this.s.stockSet.run(storeIds.get(s.storeCode), s.productId, s.quantity, seq++),
      );
    }
    await this.writeInChunks(writes, (n) => (seq = this.nextSeqs(n)));
    return {
      taxRates: data.taxRates.length,
      products: data.products.length,
      stock: data.stock.length,
      deleted: data.deleteProductIds.length,
    };
  }

  /**
   * Bulk writes, IMPORT_CHUNK to a transaction (`begin` takes each chunk's change
   * sequences inside it), with a pause between chunks: a push in this process
   * runs in the pause, and one in another process (the server, while a CLI import
   * runs) gets the file's write lock there — SQLite's busy wait polls every few
   * ms at first, then every 100 ms — instead of failing after 5 s of a
   * million-product import held in one transaction.
   */
  private async writeInChunks(
    writes: readonly (() => void)[],
    begin: (rows: number) => void,
  ): Promise<void> {
    for (let i = 0; i < writes.length; i += IMPORT_CHUNK) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, IMPORT_PAUSE_MS));
      const chunk = writes.slice(i, i + IMPORT_CHUNK);
      this.db
        .transaction(() => {
          begin(chunk.length);
          for (const write of chunk) write();
        })
        .immediate();
    }
  }

  async writeRecords(
    collection: 'users' | 'customers' | 'loyalty',
    rows: readonly RecordWrite[],
  ): Promise<number> {
    const prepared = recordRows(rows);
    let seq = 0;
    await this.writeInChunks(
      prepared.map(
        (r) => () =>
          this.s.record.run(collection, r.scope, r.key, seq++, r.value === null ? 1 : 0, r.value),
      ),
      (n) => (seq = this.nextSeqs(n)),
    );
    return prepared.length;
  }

  async getDocument(id: string): Promise<string | null> {
    const r = this.db.prepare('SELECT body FROM documents WHERE id = ?').get(id) as
      { body: string } | undefined;
    return r ? r.body : null;
  }

  async countDocuments(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  async lastDocumentSequence(terminalId: string): Promise<number | null> {
    // The (terminal_id, sequence) unique index answers max() with one seek.
    const row = this.db
      .prepare('SELECT max(sequence) AS last FROM documents WHERE terminal_id = ?')
      .get(terminalId) as { last: number | null };
    return row.last;
  }

  async saleTotals(storeId?: string): Promise<SaleTotalsRow[]> {
    const sql = `SELECT * FROM sale_totals ${storeId ? 'WHERE store_id = ?' : ''} ORDER BY store_id, terminal_id, day, currency`;
    const rows = (
      storeId ? this.db.prepare(sql).all(storeId) : this.db.prepare(sql).all()
    ) as Row[];
    return rows.map((r) => ({
      storeId: String(r.store_id),
      terminalId: String(r.terminal_id),
      day: String(r.day),
      currency: r.currency as SaleTotalsRow['currency'],
      salesCount: Number(r.sales_count),
      salesTotalMinor: Number(r.sales_total_minor),
      salesTaxMinor: Number(r.sales_tax_minor),
      refundsCount: Number(r.refunds_count),
      refundsTotalMinor: Number(r.refunds_total_minor),
    }));
  }

  async stockQuantity(storeId: string, productId: string): Promise<number | null> {
    const r = this.db
      .prepare('SELECT quantity FROM stock WHERE store_id = ? AND product_id = ? AND deleted = 0')
      .get(storeId, productId) as { quantity: number } | undefined;
    return r ? r.quantity : null;
  }
}
