-- Head office schema, SQLite engine. Times are ISO-8601 text (UTC);
-- money is integer minor units; quantities are counts or grams.

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE terminals (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  -- SHA-256 of the one-time enrolment code; consumed when enrolment_used_at is set.
  enrolment_code_hash TEXT NOT NULL UNIQUE,
  enrolment_used_at TEXT,
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash TEXT UNIQUE,
  device_name TEXT,
  enrolled_at TEXT,
  revoked_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (store_id, code)
);

-- Every pushed document, exactly once. The unique keys are the idempotency.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  store_id TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (terminal_id, sequence)
);

-- Sales and refunds per store, terminal and trading day (minor units).
CREATE TABLE sale_totals (
  store_id TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  day TEXT NOT NULL,
  currency TEXT NOT NULL,
  sales_count INTEGER NOT NULL,
  sales_total_minor INTEGER NOT NULL,
  sales_tax_minor INTEGER NOT NULL,
  refunds_count INTEGER NOT NULL,
  refunds_total_minor INTEGER NOT NULL,
  PRIMARY KEY (store_id, terminal_id, day, currency)
);

-- Server-assigned change sequence shared by every pulled collection.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0);

-- Pulled collections other than stock. scope '' = every store, else a store id.
CREATE TABLE records (
  collection TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  value TEXT,
  PRIMARY KEY (collection, scope, key)
);
CREATE INDEX records_by_seq ON records (collection, seq);

-- Head office's authoritative stock per store (count or grams).
CREATE TABLE stock (
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX stock_by_seq ON stock (store_id, seq);
