// Prepared statements of the SQLite engine, compiled once per connection.
import type Database from 'better-sqlite3';

export function prepareStatements(db: Database.Database) {
  return {
    insertDoc: db.prepare(
      `INSERT INTO documents (id, type, store_id, terminal_id, sequence, created_at, received_at, content_hash, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    docById: db.prepare('SELECT content_hash FROM documents WHERE id = ?'),
    docBySeq: db.prepare('SELECT id FROM documents WHERE terminal_id = ? AND sequence = ?'),
    // A store's documents, counted in the (terminal_id, sequence) index instead of by
    // reading every stored document: a document is stored only under its own terminal,
    // in that terminal's store (push-prepare.ts refuses a push naming another), and a
    // terminal never changes store.
    storeDocuments: db.prepare(
      'SELECT count(*) AS n FROM documents WHERE terminal_id IN (SELECT id FROM terminals WHERE store_id = ?)',
    ),
    storeHasDocuments: db.prepare(
      'SELECT 1 FROM documents WHERE terminal_id IN (SELECT id FROM terminals WHERE store_id = ?) LIMIT 1',
    ),
    // One terminal's documents, in the (terminal_id, sequence) index.
    terminalDocuments: db.prepare('SELECT count(*) AS n FROM documents WHERE terminal_id = ?'),
    terminalHasDocuments: db.prepare('SELECT 1 FROM documents WHERE terminal_id = ? LIMIT 1'),
    terminalCodes: db.prepare(
      'SELECT s.code AS store_code, t.code AS terminal_code FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.id = ?',
    ),
    latestSeq: db.prepare("SELECT value FROM counters WHERE name = 'change_seq'"),
    bumpSeq: db.prepare(
      "UPDATE counters SET value = value + ? WHERE name = 'change_seq' RETURNING value",
    ),
    stockDelta: db.prepare(
      `INSERT INTO stock (store_id, product_id, quantity, seq, deleted) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = stock.quantity + excluded.quantity, seq = excluded.seq, deleted = 0`,
    ),
    stockSet: db.prepare(
      `INSERT INTO stock (store_id, product_id, quantity, seq, deleted) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = excluded.quantity, seq = excluded.seq, deleted = 0`,
    ),
    totals: db.prepare(
      `INSERT INTO sale_totals (store_id, terminal_id, day, currency, sales_count, sales_total_minor, sales_tax_minor, refunds_count, refunds_total_minor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, terminal_id, day, currency) DO UPDATE SET
         sales_count = sale_totals.sales_count + excluded.sales_count,
         sales_total_minor = sale_totals.sales_total_minor + excluded.sales_total_minor,
         sales_tax_minor = sale_totals.sales_tax_minor + excluded.sales_tax_minor,
         refunds_count = sale_totals.refunds_count + excluded.refunds_count,
         refunds_total_minor = sale_totals.refunds_total_minor + excluded.refunds_total_minor`,
    ),
    // A member's points added to the balance as stored (0 after a delete), the
    // value written as canonicalJson writes it.
    loyaltyAdd: db.prepare(
      `INSERT INTO records (collection, scope, key, seq, deleted, value)
       VALUES ('loyalty', '', @customerId, @seq, 0,
         '{"customerId":' || json_quote(@customerId) || ',"pointsBalance":' || @points || '}')
       ON CONFLICT (collection, scope, key) DO UPDATE SET seq = excluded.seq, deleted = 0,
         value = '{"customerId":' || json_quote(records.key) || ',"pointsBalance":' ||
           (CASE WHEN records.deleted = 1 OR records.value IS NULL THEN 0
                 ELSE json_extract(records.value, '$.pointsBalance') END + @points) || '}'`,
    ),
    record: db.prepare(
      `INSERT INTO records (collection, scope, key, seq, deleted, value) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection, scope, key) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, value = excluded.value`,
    ),
    pullRecords: db.prepare(
      `SELECT key, seq, deleted, value FROM records
       WHERE collection = ? AND seq > ? AND scope IN ('', ?) ORDER BY seq LIMIT ?`,
    ),
    pullStock: db.prepare(
      'SELECT product_id AS key, seq, deleted, quantity FROM stock WHERE store_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
  };
}
