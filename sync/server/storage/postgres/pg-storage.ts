// PostgreSQL engine (pg Pool), for a chain running several stateless
// head-office instances on one database.
//
// Exactly-once under concurrency: documents go in with one multi-row
// INSERT … ON CONFLICT DO NOTHING; a document that did not go in is classified
// from what is stored (same hash → duplicate, else conflict; or the terminal's
// sequence is taken → sequence_conflict). An instance racing another on the
// same key waits for the other's commit, then sees its row. Effects follow in
// the same transaction, after the change-sequence counter row is locked (see
// 001_init.sql for why a locked row and not a SEQUENCE).
import pg from 'pg';
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
  TerminalRow,
  UpdateStoreOutcome,
} from '../port';
import { AlreadyExistsError, CheckpointAheadError, NotFoundError } from '../port';
import {
  catalogueRows,
  IMPORT_CHUNK,
  lastPerKey,
  patchedStore,
  recordRows,
  toStore,
  toTerminal,
  toTerminalCodes,
} from '../shared';
import { ingestPostgres } from './pg-ingest';
import { migratePostgres, nextSeqs, withTransaction, type Row } from './pg-support';

export interface PostgresStorageOptions {
  connectionString: string;
  /** Pool size (connections). */
  max?: number;
}

/** Connect, migrate (under an advisory lock, so instances may start together) and return the engine. */
export async function openPostgresStorage(
  opts: PostgresStorageOptions,
): Promise<HeadOfficeStorage> {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new PostgresStorage(pool);
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

class PostgresStorage implements HeadOfficeStorage {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async one(sql: string, params: unknown[]): Promise<Row | null> {
    const r = await this.pool.query(sql, params);
    return (r.rows[0] as Row | undefined) ?? null;
  }

  async createStore(store: StoreRow): Promise<StoreRow> {
    try {
      await this.pool.query(
        'INSERT INTO stores (id, code, name, currency, created_at) VALUES ($1, $2, $3, $4, $5)',
        [store.id, store.code, store.name, store.currency, store.createdAt],
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError(`A store with code ${store.code} exists already`);
      throw err;
    }
    return store;
  }

  async getStore(id: string): Promise<StoreRow | null> {
    const r = await this.one('SELECT * FROM stores WHERE id = $1', [id]);
    return r ? toStore(r) : null;
  }

  async getStoreByCode(code: string): Promise<StoreRow | null> {
    const r = await this.one('SELECT * FROM stores WHERE code = $1', [code]);
    return r ? toStore(r) : null;
  }

  async listStores(): Promise<StoreRow[]> {
    return (await this.pool.query('SELECT * FROM stores ORDER BY code')).rows.map((r: Row) =>
      toStore(r),
    );
  }

  async updateStore(id: string, patch: StorePatch): Promise<UpdateStoreOutcome> {
    // The store row is locked from the count to the commit: of two corrections at
    // once, the second counts and updates after the first has committed. A push
    // takes no lock on it (documents have no foreign key to stores), so one whose
    // token was checked under the old currency may still commit after this count
    // (docs/protocol.md, "Admin API").
    return withTransaction(this.pool, async (c): Promise<UpdateStoreOutcome> => {
      const found = await c.query('SELECT * FROM stores WHERE id = $1 FOR UPDATE', [id]);
      const row = found.rows[0] as Row | undefined;
      if (!row) return { ok: false, reason: 'not_found' };
      const store = toStore(row);
      if (patch.currency !== undefined && patch.currency !== store.currency) {
        // Through the (terminal_id, sequence) index, as on SQLite (sqlite-statements.ts).
        const counted = await c.query(
          'SELECT count(*) AS n FROM documents WHERE terminal_id IN (SELECT id FROM terminals WHERE store_id = $1)',
          [id],
        );
        const n = Number((counted.rows[0] as Row).n);
        if (n > 0) return { ok: false, reason: 'has_documents', documents: n };
      }
      const updated = patchedStore(store, patch);
      await c.query('UPDATE stores SET name = $2, currency = $3 WHERE id = $1', [
        id,
        updated.name,
        updated.currency,
      ]);
      return { ok: true, store: updated };
    });
  }

  async createTerminal(t: TerminalRow, enrolmentCodeHash: string): Promise<TerminalRow> {
    if (!(await this.getStore(t.storeId))) throw new NotFoundError(`No store ${t.storeId}`);
    try {
      await this.pool.query(
        'INSERT INTO terminals (id, store_id, code, name, enrolment_code_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [t.id, t.storeId, t.code, t.name, enrolmentCodeHash, t.createdAt],
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError(`The store has a terminal ${t.code} already`);
      throw err;
    }
    return t;
  }

  async listTerminals(storeId?: string): Promise<TerminalRow[]> {
    const r = storeId
      ? await this.pool.query('SELECT * FROM terminals WHERE store_id = $1 ORDER BY code', [
          storeId,
        ])
      : await this.pool.query('SELECT * FROM terminals ORDER BY store_id, code');
    return r.rows.map((row: Row) => toTerminal(row));
  }

  async enrol(input: EnrolInput): Promise<EnrolOutcome> {
    // One UPDATE checks and consumes the code: of two racing enrolments, the second
    // waits for the first's row lock, then finds enrolment_used_at set. A till that
    // names a terminal gets only that terminal's code; one that names none, only the
    // code of a terminal head office holds no document of.
    const updated = await this.one(
      `UPDATE terminals SET enrolment_used_at = $2, token_hash = $3, device_name = $4, enrolled_at = $2
       WHERE enrolment_code_hash = $1 AND enrolment_used_at IS NULL AND revoked_at IS NULL
         AND ($5::text IS NULL OR id = $5::text)
         AND ($5::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.terminal_id = terminals.id))
       RETURNING *`,
      [input.codeHash, input.at, input.tokenHash, input.deviceName, input.terminalId ?? null],
    );
    if (updated) {
      const store = toStore(
        (await this.one('SELECT * FROM stores WHERE id = $1', [updated.store_id])) as Row,
      );
      return { ok: true, terminal: toTerminal(updated), store };
    }
    // Why not, in EnrolOutcome's order, as the code stands now.
    const row = await this.one(
      `SELECT t.id, t.revoked_at, t.enrolment_used_at, t.code AS terminal_code, s.code AS store_code
       FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.enrolment_code_hash = $1`,
      [input.codeHash],
    );
    if (!row) return { ok: false, reason: 'unknown' };
    const codeFor = toTerminalCodes(row);
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked', codeFor };
    if (row.enrolment_used_at !== null) return { ok: false, reason: 'used' };
    if (input.terminalId !== undefined && input.terminalId !== row.id) {
      const till = await this.one(
        `SELECT t.code AS terminal_code, s.code AS store_code
         FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.id = $1`,
        [input.terminalId],
      );
      return {
        ok: false,
        reason: 'other_terminal',
        codeFor,
        till: till ? toTerminalCodes(till) : null,
      };
    }
    // Through the (terminal_id, sequence) index.
    const counted = await this.one('SELECT count(*) AS n FROM documents WHERE terminal_id = $1', [
      row.id,
    ]);
    const documents = Number(counted?.n ?? 0);
    if (documents > 0) return { ok: false, reason: 'has_documents', codeFor, documents };
    // Not reached: these reads are the UPDATE's conditions, and none turns back (a
    // used code stays used, a new code has a new hash, documents stay).
    return { ok: false, reason: 'used' };
  }

  async findByTokenHash(tokenHash: string): Promise<AuthenticatedTerminal | null> {
    const r = await this.one(
      `SELECT t.*, s.code AS s_code, s.name AS s_name, s.currency AS s_currency, s.created_at AS s_created_at
       FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.token_hash = $1`,
      [tokenHash],
    );
    if (!r) return null;
    return {
      terminal: toTerminal(r),
      store: toStore({
        id: r.store_id,
        code: r.s_code,
        name: r.s_name,
        currency: r.s_currency,
        created_at: r.s_created_at,
      }),
    };
  }

  async revokeTerminal(terminalId: string, at: string): Promise<TerminalRow | null> {
    const r = await this.one(
      'UPDATE terminals SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING *',
      [terminalId, at],
    );
    return r ? toTerminal(r) : null;
  }

  async reissueEnrolmentCode(
    terminalId: string,
    enrolmentCodeHash: string,
  ): Promise<TerminalRow | null> {
    const r = await this.one(
      `UPDATE terminals SET enrolment_code_hash = $2, enrolment_used_at = NULL, token_hash = NULL,
         revoked_at = NULL, enrolled_at = NULL WHERE id = $1 RETURNING *`,
      [terminalId, enrolmentCodeHash],
    );
    return r ? toTerminal(r) : null;
  }

  async ingest(documents: readonly IngestDocument[], receivedAt: string): Promise<IngestOutcome[]> {
    return ingestPostgres(this.pool, documents, receivedAt);
  }

  async pull(
    collection: PullCollection,
    storeId: string,
    after: number,
    limit: number,
  ): Promise<ChangePage> {
    let rows: { key: string; seq: number; deleted: boolean; valueJson: string | null }[];
    if (collection === 'stock') {
      const r = await this.pool.query(
        'SELECT product_id, seq, deleted, quantity FROM stock WHERE store_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [storeId, after, limit + 1],
      );
      rows = r.rows.map((x: Row) => ({
        key: String(x.product_id),
        seq: Number(x.seq),
        deleted: x.deleted === true,
        valueJson:
          x.deleted === true
            ? null
            : JSON.stringify({ productId: x.product_id, quantity: Number(x.quantity) }),
      }));
    } else {
      const r = await this.pool.query(
        `SELECT key, seq, deleted, value FROM records
         WHERE collection = $1 AND seq > $2 AND scope IN ('', $3) ORDER BY seq LIMIT $4`,
        [collection, after, storeId, limit + 1],
      );
      rows = r.rows.map((x: Row) => ({
        key: String(x.key),
        seq: Number(x.seq),
        deleted: x.deleted === true,
        valueJson: x.value === null ? null : String(x.value),
      }));
    }
    if (rows.length === 0 && after > 0) {
      const r = await this.pool.query("SELECT value FROM counters WHERE name = 'change_seq'");
      const latest = Number((r.rows[0] as Row).value);
      if (after > latest) throw new CheckpointAheadError(after, latest);
    }
    const more = rows.length > limit;
    const changes = more ? rows.slice(0, limit) : rows;
    const last = changes[changes.length - 1];
    return { changes, checkpoint: last ? last.seq : after, more };
  }

  private async writeRecordRows(
    rows: readonly { collection: string; scope: string; key: string; value: string | null }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
      const chunk = rows.slice(i, i + IMPORT_CHUNK);
      await withTransaction(this.pool, async (c) => {
        const first = await nextSeqs(c, chunk.length);
        await c.query(
          `INSERT INTO records (collection, scope, key, seq, deleted, value)
           SELECT collection, scope, key, seq, value IS NULL, value
           FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS u(collection, scope, key, seq, value)
           ON CONFLICT (collection, scope, key) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, value = excluded.value`,
          [
            chunk.map((r) => r.collection),
            chunk.map((r) => r.scope),
            chunk.map((r) => r.key),
            chunk.map((_, j) => first + j),
            chunk.map((r) => r.value),
          ],
        );
      });
    }
  }

  async importCatalogue(data: CatalogueImport): Promise<CatalogueImportResult> {
    const storeIds = new Map<string, string>();
    for (const code of new Set(data.stock.map((s) => s.storeCode))) {
      const store = await this.getStoreByCode(code);
      if (!store) throw new NotFoundError(`No store with code ${code}`);
      storeIds.set(code, store.id);
    }
    // Large imports commit in chunks so pushes are never held behind the counter lock for long.
    await this.writeRecordRows(catalogueRows(data).map((r) => ({ ...r, scope: '' })));
    const stock = lastPerKey(data.stock, (s) => `${s.storeCode}\u0000${s.productId}`);
    for (let i = 0; i < stock.length; i += IMPORT_CHUNK) {
      const chunk = stock.slice(i, i + IMPORT_CHUNK);
      await withTransaction(this.pool, async (c) => {
        const first = await nextSeqs(c, chunk.length);
        await c.query(
          `INSERT INTO stock (store_id, product_id, quantity, seq, deleted)
           SELECT store_id, product_id, quantity, seq, false
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS u(store_id, product_id, quantity, seq)
           ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = excluded.quantity, seq = excluded.seq, deleted = false`,
          [
            chunk.map((s) => storeIds.get(s.storeCode)),
            chunk.map((s) => s.productId),
            chunk.map((s) => s.quantity),
            chunk.map((_, j) => first + j),
          ],
        );
      });
    }
    return {
      taxRates: data.taxRates.length,
      products: data.products.length,
      stock: data.stock.length,
      deleted: data.deleteProductIds.length,
    };
  }

  async writeRecords(
    collection: 'users' | 'customers' | 'loyalty',
    rows: readonly RecordWrite[],
  ): Promise<number> {
    const prepared = recordRows(rows).map((r) => ({ ...r, collection }));
    await this.writeRecordRows(prepared);
    return prepared.length;
  }

  async getDocument(id: string): Promise<string | null> {
    const r = await this.one('SELECT body FROM documents WHERE id = $1', [id]);
    return r ? String(r.body) : null;
  }

  async countDocuments(): Promise<number> {
    return Number((await this.one('SELECT count(*) AS n FROM documents', []))?.n ?? 0);
  }

  async lastDocumentSequence(terminalId: string): Promise<number | null> {
    // The (terminal_id, sequence) unique index answers max() from its end.
    const row = await this.one(
      'SELECT max(sequence) AS last FROM documents WHERE terminal_id = $1',
      [terminalId],
    );
    return row?.last == null ? null : Number(row.last);
  }

  async saleTotals(storeId?: string): Promise<SaleTotalsRow[]> {
    const sql = `SELECT * FROM sale_totals ${storeId ? 'WHERE store_id = $1' : ''} ORDER BY store_id, terminal_id, day, currency`;
    const r = await this.pool.query(sql, storeId ? [storeId] : []);
    return r.rows.map((x: Row) => ({
      storeId: String(x.store_id),
      terminalId: String(x.terminal_id),
      day: String(x.day),
      currency: x.currency as SaleTotalsRow['currency'],
      salesCount: Number(x.sales_count),
      salesTotalMinor: Number(x.sales_total_minor),
      salesTaxMinor: Number(x.sales_tax_minor),
      refundsCount: Number(x.refunds_count),
      refundsTotalMinor: Number(x.refunds_total_minor),
    }));
  }

  async stockQuantity(storeId: string, productId: string): Promise<number | null> {
    const r = await this.one(
      'SELECT quantity FROM stock WHERE store_id = $1 AND product_id = $2 AND NOT deleted',
      [storeId, productId],
    );
    return r ? Number(r.quantity) : null;
  }
}
