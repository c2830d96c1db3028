// Transactions with retry, and migrations for the PostgreSQL engine.
import type pg from 'pg';
import { loadMigrations } from '../migrations';
import type { Row } from '../shared';

export type { Row };

/** Serialization failure and deadlock: PostgreSQL asks for the transaction to be retried. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** Run `fn` in a READ COMMITTED transaction; retry it whole on a deadlock or serialization failure. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (attempt >= MAX_ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw err;
    } finally {
      c.release();
    }
  }
}

/** Apply pending migrations under an advisory lock, so instances starting together migrate once. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const c = await pool.connect();
  try {
    // Lock key: an arbitrary constant naming "till head-office migrations".
    await c.query('SELECT pg_advisory_lock(784512001)');
    await c.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
    );
    const applied = new Set(
      (await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) =>
        Number(r.version),
      ),
    );
    for (const m of loadMigrations('postgres')) {
      if (applied.has(m.version)) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [m.version, m.name, new Date().toISOString()],
        );
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock(784512001)').catch(() => undefined);
    c.release();
  }
}

/** Lock the change counter (held to commit) and reserve `n` numbers; returns the first. */
export async function nextSeqs(c: pg.PoolClient, n: number): Promise<number> {
  const r = await c.query(
    "UPDATE counters SET value = value + $1 WHERE name = 'change_seq' RETURNING value",
    [n],
  );
  return Number((r.rows[0] as Row).value) - n + 1;
}
