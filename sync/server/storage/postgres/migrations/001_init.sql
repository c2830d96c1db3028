-- Head office schema, PostgreSQL engine. Times are ISO-8601 text (UTC) so
-- both engines return them byte-identical; money is bigint minor units.

CREATE TABLE stores (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  currency text NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE terminals (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  code text NOT NULL,
  name text NOT NULL,
  enrolment_code_hash text NOT NULL UNIQUE,
  enrolment_used_at text,
  token_hash text UNIQUE,
  device_name text,
  enrolled_at text,
  revoked_at text,
  created_at text NOT NULL,
  UNIQUE (store_id, code)
);

CREATE TABLE documents (
  id text PRIMARY KEY,
  type text NOT NULL,
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  sequence bigint NOT NULL,
  created_at text NOT NULL,
  received_at text NOT NULL,
  content_hash text NOT NULL,
  body text NOT NULL,
  UNIQUE (terminal_id, sequence)
);

CREATE TABLE sale_totals (
  store_id text NOT NULL,
  terminal_id text NOT NULL,
  day text NOT NULL,
  currency text NOT NULL,
  sales_count bigint NOT NULL,
  sales_total_minor bigint NOT NULL,
  sales_tax_minor bigint NOT NULL,
  refunds_count bigint NOT NULL,
  refunds_total_minor bigint NOT NULL,
  PRIMARY KEY (store_id, terminal_id, day, currency)
);

-- The change sequence is a locked counter row, not a SEQUENCE: a SEQUENCE
-- hands out numbers outside transactions, so a later number can commit
-- before an earlier one and a pull would skip it for ever. The row lock,
-- taken last and held to commit, makes commit order = sequence order.
CREATE TABLE counters (
  name text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0);

CREATE TABLE records (
  collection text NOT NULL,
  scope text NOT NULL,
  key text NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL,
  value text,
  PRIMARY KEY (collection, scope, key)
);
CREATE INDEX records_by_seq ON records (collection, seq);

CREATE TABLE stock (
  store_id text NOT NULL,
  product_id text NOT NULL,
  quantity bigint NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (store_id, product_id)
);
CREATE INDEX stock_by_seq ON stock (store_id, seq);
