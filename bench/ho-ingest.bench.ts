// Head-office ingest: realistic sales (built by the domain, 3–7 lines each)
// pushed through the HTTP API in batches of 100 by a few concurrent clients,
// against a raw `INSERT … ON CONFLICT DO NOTHING` of the same document rows
// (prepared single-row inserts, 100 per transaction, the same number of
// connections) in the same run, alternating in rounds after an untimed warm-up
// round of each; medians reported.
// SQLite on a temp file; PostgreSQL 15 as a throwaway cluster. The clients run
// in a child process (this file with --ho-ingest-client), as tills would be
// other machines; the server and the raw inserts run in this process.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { asciiJson, type DocumentEnvelope } from '../sync/protocol';
import { fixtureSale, saleDocument } from '../sync/protocol/testing/sale-fixtures';
import { buildServer } from '../sync/server/app';
import { createStore, createTerminal } from '../sync/server/admin-service';
import { defaultIngestWorkers } from '../sync/server/ingest-pool';
import { loadMigrations } from '../sync/server/storage/migrations';
import { openPostgresStorage } from '../sync/server/storage/postgres/pg-storage';
import type { HeadOfficeStorage, IngestDocument } from '../sync/server/storage/port';
import { documentRow } from '../sync/server/storage/shared';
import { preparePushBody } from '../sync/server/push-prepare';
import { openSqliteStorage } from '../sync/server/storage/sqlite/sqlite-storage';
import { startPostgres } from '../tests/support/postgres';
import { round, type BenchResult } from './lib';

/** Concurrent HTTP clients, one terminal each. */
const CLIENTS = 4;
/** Sales per push request. */
const BATCH = 100;
/**
 * Sales per client per engine, over all rounds (5,000 a round). Rounds of 2,000, the
 * default until 2026-11-24, gave PostgreSQL ratios of 0.58–0.59 where rounds of 5,000
 * gave 0.65–0.70 in the same hour (two runs each); a short round weighs its ramp-up more.
 */
const SALES_PER_CLIENT = Number(process.env.HO_BENCH_SALES_PER_CLIENT ?? 15000);
/** Head office's ingest worker threads (HO_BENCH_WORKERS; default as the CLI: one per spare core). */
const INGEST_WORKERS = Number(process.env.HO_BENCH_WORKERS ?? defaultIngestWorkers());
/** Alternating HTTP/raw measurements per engine; medians are reported. */
const ROUNDS = 3;
/**
 * Untimed rounds before them, HTTP and raw alike, of the same size. In nine PostgreSQL
 * runs on 2026-11-24 the first round through HTTP was slower than the second every
 * time, by 17 % on average (11,384–13,930 against 13,143–16,082 sales/s; ratio
 * 0.54–0.65 against 0.63–0.74), the raw insert's first round by 1 %: head office's
 * threads were still warming up (JIT, heap sizing). The goal compares a running head
 * office with the raw insert.
 */
const WARM_UP_ROUNDS = 1;

interface Terminal {
  token: string;
  terminalId: string;
  storeId: string;
}

async function setUp(
  storage: HeadOfficeStorage,
): Promise<{ url: string; terminals: Terminal[]; close: () => Promise<void> }> {
  const app = await buildServer({ storage, adminToken: null, ingestWorkers: INGEST_WORKERS });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const now = new Date();
  await createStore(storage, { code: 'S001', name: 'Bench', currency: 'CNY' }, now);
  const terminals: Terminal[] = [];
  for (let i = 0; i <= CLIENTS; i++) {
    const { enrolmentCode } = await createTerminal(
      storage,
      'S001',
      { code: `T${i}`, name: '' },
      now,
    );
    const res = await fetch(`${url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrolmentCode, deviceName: `bench ${i}` }),
    });
    terminals.push((await res.json()) as Terminal);
  }
  return { url, terminals, close: () => app.close() };
}

/** A push request's body as the till's engine sends it (asciiJson), in bytes. */
function pushBody(documents: DocumentEnvelope[]): Buffer {
  return Buffer.from(asciiJson({ documents }));
}

/** Pre-built request bodies per terminal: the clients only send. */
function bodies(
  t: Terminal,
  sales: number,
  firstSequence: number,
): { json: Buffer[]; docs: DocumentEnvelope[] } {
  const docs = Array.from({ length: sales }, (_, i) =>
    saleDocument(
      fixtureSale({ storeId: t.storeId, terminalId: t.terminalId, sequence: firstSequence + i }),
    ),
  );
  // As the till's engine sends them (asciiJson), in bytes: encoding a 250 KB body on
  // every send is the till's cost, not head office's, yet here it would take CPU from
  // head office on the same 2 cores.
  const json: Buffer[] = [];
  for (let i = 0; i < docs.length; i += BATCH) json.push(pushBody(docs.slice(i, i + BATCH)));
  return { json, docs };
}

/**
 * The rows head office stores for these documents, prepared by head office's own
 * code from the bodies the clients send: the raw insert writes exactly those rows
 * (the documents' texts as sent, their hashes), whatever form head office stores.
 */
function storedRows(docs: DocumentEnvelope[], t: Terminal): IngestDocument[] {
  const auth = {
    storeId: t.storeId,
    storeCode: 'S001',
    terminalId: t.terminalId,
    currency: 'CNY' as const,
  };
  const rows: IngestDocument[] = [];
  for (let i = 0; i < docs.length; i += BATCH) {
    const chunk = docs.slice(i, i + BATCH);
    const { toStore } = preparePushBody(pushBody(chunk), auth);
    if (toStore.length !== chunk.length) throw new Error('head office refused bench sales');
    rows.push(...toStore.map((x) => x.doc));
  }
  return rows;
}

/** One keep-alive connection per client, as a till holds; node:http costs the client far less CPU than fetch. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(url: string, token: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/push`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.byteLength,
          authorization: `Bearer ${token}`,
          'x-till-protocol': '1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function pushAll(url: string, token: string, batches: readonly Buffer[]): Promise<void> {
  for (const body of batches) {
    const res = await post(url, token, body);
    const answer = JSON.parse(res.text) as { results?: { status: string }[] };
    if (res.status !== 200 || answer.results?.some((r) => r.status !== 'accepted')) {
      throw new Error(`push failed: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
}

const CLIENT_FLAG = '--ho-ingest-client';

type ToClient =
  | { type: 'prepare'; url: string; clients: Terminal[]; perRound: number; firstSequence: number }
  | { type: 'go' };
type FromClient =
  | { type: 'ready'; docs: DocumentEnvelope[][] }
  | { type: 'done'; seconds: number; cpuSeconds: number }
  | { type: 'failed'; message: string };

/**
 * Client process: builds its request bodies on 'prepare' and hands the parent
 * the documents for the raw inserts (untimed); pushes them on 'go' (timed).
 */
function clientMain(): void {
  let url = '';
  let prepared: { t: Terminal; json: Buffer[]; docs: DocumentEnvelope[] }[] = [];
  const send = (m: FromClient): void => void process.send?.(m);
  process.on('message', (m: ToClient) => {
    void (async () => {
      try {
        if (m.type === 'prepare') {
          url = m.url;
          prepared = m.clients.map((t) => ({ t, ...bodies(t, m.perRound, m.firstSequence) }));
          send({ type: 'ready', docs: prepared.map((p) => p.docs) });
        } else {
          const start = performance.now();
          const cpu0 = process.cpuUsage();
          await Promise.all(prepared.map((p) => pushAll(url, p.t.token, p.json)));
          const seconds = (performance.now() - start) / 1000;
          const cpu = process.cpuUsage(cpu0);
          send({
            type: 'done',
            seconds,
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
          });
        }
      } catch (err) {
        send({ type: 'failed', message: String(err) });
      }
    })();
  });
  // The parent going away ends the client.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes(CLIENT_FLAG)) clientMain();

interface ClientProcess {
  ask(m: ToClient): Promise<FromClient>;
  stop(): void;
}

function startClientProcess(): ClientProcess {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [CLIENT_FLAG], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    ask(m) {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null): void =>
          reject(new Error(`bench client exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (answer: FromClient) => {
          child.off('exit', onExit);
          if (answer.type === 'failed') reject(new Error(answer.message));
          else resolve(answer);
        });
        child.send(m);
      });
    },
    stop() {
      child.disconnect();
      child.kill();
    },
  };
}

const INSERT_SQL = (p: (i: number) => string) =>
  `INSERT INTO documents (id, type, store_id, terminal_id, sequence, created_at, received_at, content_hash, body)
   VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')}) ON CONFLICT DO NOTHING`;

/** Raw inserts of document rows into a fresh database; `insert` returns rows/s. */
interface RawInserter {
  insert(rows: IngestDocument[][]): Promise<number>;
  close(): Promise<void>;
}

function rawSqlite(file: string): RawInserter & {
  /** One transaction of these rows, as `insert` writes each batch. */
  insertBatch(rows: readonly IngestDocument[], at: string): void;
} {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const m of loadMigrations('sqlite')) db.exec(m.sql);
  const insert = db.prepare(INSERT_SQL(() => '?'));
  const insertBatch = db.transaction((rows: readonly IngestDocument[], at: string) => {
    for (const d of rows) insert.run(...documentRow(d, at));
  });
  return {
    insertBatch: (rows, at) => insertBatch(rows, at),
    async insert(rows) {
      const at = new Date().toISOString();
      const all = rows.flat();
      const start = performance.now();
      for (let i = 0; i < all.length; i += BATCH) insertBatch(all.slice(i, i + BATCH), at);
      return all.length / ((performance.now() - start) / 1000);
    },
    async close() {
      db.close();
    },
  };
}

function rawPostgres(url: string): RawInserter {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  // pool.end() resolves before its clients' sockets have closed; the cluster's fast
  // stop right after can reach one of them as an 'error' on the pool, which unhandled
  // ended the whole bench run (4 of ~30 ingest-only runs on 2026-11-24).
  pool.on('error', () => undefined);
  const sql = INSERT_SQL((i) => `$${i}`);
  return {
    async insert(rows) {
      const at = new Date().toISOString();
      const start = performance.now();
      await Promise.all(
        rows.map(async (clientRows) => {
          const c = await pool.connect();
          try {
            for (let i = 0; i < clientRows.length; i += BATCH) {
              await c.query('BEGIN');
              for (const d of clientRows.slice(i, i + BATCH)) {
                await c.query({ name: 'raw-insert', text: sql, values: documentRow(d, at) });
              }
              await c.query('COMMIT');
            }
          } finally {
            c.release();
          }
        }),
      );
      return rows.flat().length / ((performance.now() - start) / 1000);
    },
    close: () => pool.end(),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * ROUNDS alternating measurements (HTTP, then raw with the same rows), so a
 * change in machine load between them skews one round, not the result;
 * medians are reported. WARM_UP_ROUNDS of the same kind go first, untimed.
 */
async function measure(
  engine: 'sqlite' | 'pg',
  storage: HeadOfficeStorage,
  raw: RawInserter,
): Promise<BenchResult[]> {
  const { url, terminals, close } = await setUp(storage);
  const http: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  const serverCpuUs: number[] = [];
  const clientCpuUs: number[] = [];
  const cpuBounds: number[] = [];
  try {
    const [warm, ...clients] = terminals as [Terminal, ...Terminal[]];
    await pushAll(url, warm.token, bodies(warm, 3 * BATCH, 1).json);
    const perRound = Math.max(BATCH, Math.round(SALES_PER_CLIENT / ROUNDS / BATCH) * BATCH);
    const client = startClientProcess();
    try {
      for (let r = 0; r < WARM_UP_ROUNDS + ROUNDS; r++) {
        const ready = await client.ask({
          type: 'prepare',
          url,
          clients,
          perRound,
          firstSequence: r * perRound + 1,
        });
        if (ready.type !== 'ready') throw new Error('bench client did not prepare');
        const serverCpu0 = process.cpuUsage();
        const done = await client.ask({ type: 'go' });
        const serverCpu = process.cpuUsage(serverCpu0);
        if (done.type !== 'done') throw new Error('bench client did not push');
        const perS = (clients.length * perRound) / done.seconds;
        const rows = ready.docs.map((docs, c) => storedRows(docs, clients[c] as Terminal));
        const rawPerS = await raw.insert(rows);
        const phase = r < WARM_UP_ROUNDS ? 'warm-up' : `round ${r - WARM_UP_ROUNDS + 1}`;
        console.log(
          `  ho-ingest ${engine} ${phase}: ${Math.round(perS)} sales/s through HTTP, raw ${Math.round(rawPerS)} rows/s, ratio ${(perS / rawPerS).toFixed(3)}`,
        );
        if (r < WARM_UP_ROUNDS) continue;
        http.push(perS);
        rawRates.push(rawPerS);
        ratios.push(perS / rawPerS);
        const sales = clients.length * perRound;
        serverCpuUs.push((serverCpu.user + serverCpu.system) / sales);
        clientCpuUs.push((done.cpuSeconds * 1e6) / sales);
        cpuBounds.push(cpuBound(rawPerS, serverCpuUs.at(-1)!, clientCpuUs.at(-1)!));
      }
    } finally {
      client.stop();
    }
    // The figure counts only sales head office really holds.
    const stored = await storage.countDocuments();
    const expected = 3 * BATCH + (WARM_UP_ROUNDS + ROUNDS) * perRound * clients.length;
    if (stored !== expected)
      throw new Error(`head office holds ${stored} sales, expected ${expected}`);
  } finally {
    await close();
    await raw.close();
  }
  return [
    { name: `ho.ingest.${engine}.sales_per_s`, value: round(median(http), 0), unit: 'sales/s' },
    {
      name: `ho.ingest.${engine}.raw_rows_per_s`,
      value: round(median(rawRates), 0),
      unit: 'rows/s',
    },
    { name: `ho.ingest.${engine}.ratio_to_raw`, value: round(median(ratios), 3), unit: 'ratio' },
    {
      // Head office's own process (request thread and ingest workers), not the database's.
      name: `ho.ingest.${engine}.server_cpu_us_per_sale`,
      value: round(median(serverCpuUs), 1),
      unit: 'µs',
    },
    {
      name: `ho.ingest.${engine}.client_cpu_us_per_sale`,
      value: round(median(clientCpuUs), 1),
      unit: 'µs',
    },
    // PostgreSQL's own processes do part of a push's work outside head office's process,
    // so their CPU is not in server_cpu_us_per_sale and no such bound follows from it.
    ...(engine === 'sqlite'
      ? [
          {
            name: 'ho.ingest.sqlite.ratio_cpu_bound',
            value: round(median(cpuBounds), 3),
            unit: 'ratio',
          },
        ]
      : []),
  ];
}

/**
 * The highest ratio a round's CPU costs allow: with SQLite in head office's
 * process, every CPU-second of a push is head office's or the clients', and the
 * machine has `cores` of them a second, so the HTTP rate is at most cores ÷
 * (server + client CPU per sale); divided by the raw rate of the same round.
 */
function cpuBound(rawPerS: number, serverCpuUs: number, clientCpuUs: number): number {
  const rawUs = 1e6 / rawPerS;
  return (availableParallelism() * rawUs) / (serverCpuUs + clientCpuUs);
}

/** Sales in the single-thread cost measurement (after as many untimed). */
const CEILING_SALES = 30000;

/**
 * What a pushed sale costs on one thread, without HTTP, clients or message
 * passing: head office preparing it (parse, schemas, recomputed totals, the
 * document's text, content hash) and the SQLite engine storing it with its
 * effects, against the raw insert of its row; each batch of 100 goes through
 * the three in turn. From these, the ratio head office could reach if every
 * core did nothing but prepare and store sales — cores × raw cost ÷ (prepare +
 * store) — and no more than SQLite's one writer allows (raw cost ÷ store): a
 * ceiling the HTTP figures cannot pass on this machine.
 */
async function sqliteCeiling(dir: string): Promise<BenchResult[]> {
  const storage = openSqliteStorage(path.join(dir, 'ceiling.db'));
  const raw = rawSqlite(path.join(dir, 'ceiling-raw.db'));
  try {
    await createStore(storage, { code: 'S001', name: 'Bench', currency: 'CNY' }, new Date());
    const { terminal } = await createTerminal(
      storage,
      'S001',
      { code: 'T1', name: '' },
      new Date(),
    );
    const t: Terminal = { token: '', terminalId: terminal.id, storeId: terminal.storeId };
    const auth = {
      storeId: t.storeId,
      storeCode: 'S001',
      terminalId: t.terminalId,
      currency: 'CNY' as const,
    };
    const { json } = bodies(t, 2 * CEILING_SALES, 1);
    const at = new Date().toISOString();
    let prepareMs = 0;
    let storeMs = 0;
    let rawMs = 0;
    for (const [i, body] of json.entries()) {
      const timed = i >= json.length / 2;
      let start = performance.now();
      const docs = preparePushBody(body, auth).toStore.map((x) => x.doc);
      if (timed) prepareMs += performance.now() - start;
      if (docs.length !== BATCH) throw new Error('head office refused bench sales');
      start = performance.now();
      await storage.ingest(docs, at);
      if (timed) storeMs += performance.now() - start;
      start = performance.now();
      raw.insertBatch(docs, at);
      if (timed) rawMs += performance.now() - start;
    }
    const us = (ms: number): number => (ms * 1000) / CEILING_SALES;
    const cores = availableParallelism();
    const ceiling = Math.min(
      (cores * us(rawMs)) / (us(prepareMs) + us(storeMs)),
      us(rawMs) / us(storeMs),
    );
    console.log(
      `  ho-ingest sqlite, one thread: prepare ${us(prepareMs).toFixed(1)} µs + store ${us(storeMs).toFixed(1)} µs a sale, raw insert ${us(rawMs).toFixed(1)} µs a row; ceiling on ${cores} cores ${ceiling.toFixed(3)}`,
    );
    return [
      { name: 'ho.ingest.prepare_us_per_sale', value: round(us(prepareMs), 1), unit: 'µs' },
      { name: 'ho.ingest.sqlite.store_us_per_sale', value: round(us(storeMs), 1), unit: 'µs' },
      { name: 'ho.ingest.sqlite.raw_us_per_row', value: round(us(rawMs), 1), unit: 'µs' },
      { name: 'ho.ingest.sqlite.ratio_ceiling', value: round(ceiling, 3), unit: 'ratio' },
    ];
  } finally {
    await storage.close();
    await raw.close();
  }
}

/** Engines to measure: HO_BENCH_ENGINES=sqlite,pg (default both). */
const ENGINES = (process.env.HO_BENCH_ENGINES ?? 'sqlite,pg').split(',');

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (ENGINES.includes('sqlite')) results.push(...(await runSqlite()));
  if (ENGINES.includes('pg')) results.push(...(await runPostgres()));
  return results;
}

async function runSqlite(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-bench-'));
  try {
    results.push(...(await sqliteCeiling(dir)));
    const sqlite = openSqliteStorage(path.join(dir, 'ho.db'));
    try {
      results.push(...(await measure('sqlite', sqlite, rawSqlite(path.join(dir, 'raw.db')))));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

async function runPostgres(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const cluster = await startPostgres();
  try {
    const storage = await openPostgresStorage({
      connectionString: await cluster.createDatabase('bench_http'),
      max: CLIENTS * 2,
    });
    const rawUrl = await cluster.createDatabase('bench_raw');
    // Same schema as head office, applied by the engine's own migrations.
    await (await openPostgresStorage({ connectionString: rawUrl })).close();
    try {
      results.push(...(await measure('pg', storage, rawPostgres(rawUrl))));
    } finally {
      await storage.close();
    }
  } finally {
    await cluster.stop();
  }
  return results;
}
