// Shared set-up for the sync fault and soak tests: a real head office on a
// SQLite file, a till database on fake-indexeddb, sales made with the till's
// own completeSale, and checks that head office holds each sale exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Product } from '../../domain';
import { completeSale } from '../../renderer/db/complete-sale';
import { DEMO_PRICING_SETTINGS, DEMO_TAX_RATES } from '../../renderer/db/demo-catalogue';
import type { TerminalIdentity, TillDb } from '../../renderer/db/schema';
import { APPLES, COLA, freshDb, saleInput, sampleCart } from '../../renderer/db/test-support';
import { DexieSyncStore } from '../../renderer/sync/dexie-sync-store';
import { TILL_COLLECTIONS } from '../../renderer/sync/collections';
import { SyncEngine, type SyncEngineOptions } from '../../sync/engine/engine';
import { httpHeadOfficeClient } from '../../sync/engine/http-client';
import {
  createStore,
  createTerminal,
  importCatalogue,
  importRecords,
} from '../../sync/server/admin-service';
import { buildServer } from '../../sync/server/app';
import type { HeadOfficeStorage } from '../../sync/server/storage/port';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export interface HeadOfficeFiles {
  dir: string;
  file: string;
  enrolmentCode: string;
  remove(): void;
}

/** Head office's users: S001's cashier, and S002's manager, whom S001's tills must not get. */
export const HEAD_OFFICE_USERS = {
  S001: { id: 'C01', name: '王芳', role: 'cashier', active: true },
  S002: { id: 'M02', name: '李强', role: 'manager', active: true },
} as const;

/**
 * A head-office SQLite file with store S001, terminal T01, the test catalogue,
 * and a user for each of S001 and S002.
 */
export async function prepareHeadOffice(
  products: Product[] = [COLA, APPLES],
): Promise<HeadOfficeFiles> {
  const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-'));
  const file = path.join(dir, 'head-office.sqlite');
  const storage = openSqliteStorage(file);
  const now = new Date();
  await createStore(storage, { code: 'S001', name: 'Test store', currency: 'CNY' }, now);
  const { enrolmentCode } = await createTerminal(
    storage,
    'S001',
    { code: 'T01', name: 'Counter' },
    now,
  );
  await importCatalogue(storage, {
    taxRates: DEMO_TAX_RATES,
    products,
    stock: products.map((p) => ({ storeCode: 'S001', productId: p.id, quantity: 1000 })),
    deleteProductIds: [],
  });
  await createStore(storage, { code: 'S002', name: 'Other store', currency: 'CNY' }, now);
  for (const [storeCode, user] of Object.entries(HEAD_OFFICE_USERS)) {
    const imported = await importRecords(storage, 'users', {
      storeCode,
      upsert: [user],
      delete: [],
    });
    if (!imported.ok) throw new Error(`users import failed: ${JSON.stringify(imported.errors)}`);
  }
  await storage.close();
  return { dir, file, enrolmentCode, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface InProcessHeadOffice {
  app: FastifyInstance;
  storage: HeadOfficeStorage;
  port: number;
  /** While > 0, each request is answered 503 and the count goes down by one. */
  failNext: { count: number };
  close(): Promise<void>;
}

/** Head office in this process, with a hook that can answer 503 for a while. */
export async function startHeadOffice(file: string): Promise<InProcessHeadOffice> {
  const storage = openSqliteStorage(file);
  const app = await buildServer({ storage, adminToken: null });
  const failNext = { count: 0 };
  app.addHook('onRequest', async (_request, reply) => {
    if (failNext.count <= 0) return;
    failNext.count -= 1;
    return reply.code(503).send({ error: { code: 'unavailable', message: 'Injected outage' } });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    storage,
    port,
    failNext,
    async close() {
      await app.close();
      await storage.close();
    },
  };
}

export interface ChildHeadOffice {
  port: number;
  child: ChildProcess;
  /** SIGKILL by pid: no goodbye, like a power cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Head office as a child process (tsx), on `port` (0 = any). */
export async function spawnHeadOffice(file: string, port = 0): Promise<ChildHeadOffice> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'tests/sync/head-office-process.ts'), file, String(port)],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const bound = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`head office exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(child.pid, sig);
    await exited;
  };
  return { port: bound, child, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

export interface Till {
  db: TillDb;
  store: DexieSyncStore;
  engine: SyncEngine;
}

/** A till database on fake-indexeddb with an engine pointed at `baseUrl`. */
export async function startTill(
  baseUrl: string,
  enrolmentCode: string,
  overrides: Partial<SyncEngineOptions> & { timeoutMs?: number } = {},
): Promise<Till> {
  // A till with a head office has no identity until it enrols.
  const { db } = await freshDb({ identity: null });
  const store = new DexieSyncStore(db);
  const engine = new SyncEngine({
    store,
    client: httpHeadOfficeClient({
      baseUrl,
      fetch,
      timeoutMs: overrides.timeoutMs ?? 2_000,
      deviceName: 'test till',
    }),
    collections: TILL_COLLECTIONS,
    enrolmentCode,
    backoff: { baseMs: 20, capMs: 200 },
    intervalMs: 50,
    random: Math.random,
    now: () => new Date(),
    ...overrides,
  });
  return { db, store, engine };
}

/** Ring `count` sales through the till's completeSale (enrolled identity, real UUIDv7 ids). */
export async function ringSales(db: TillDb, count: number): Promise<void> {
  const terminal = (await db.meta.get('terminal'))?.value as TerminalIdentity | undefined;
  if (!terminal) throw new Error('till is not enrolled');
  for (let i = 0; i < count; i++) {
    await completeSale(
      db,
      { ...saleInput(sampleCart(1 + (i % 4))), settings: DEMO_PRICING_SETTINGS },
      { now: () => new Date().toISOString(), newId: () => uuidv7() },
    );
  }
}

/** Sales at the till vs documents at head office: each once, same totals. */
export async function compareWithHeadOffice(db: TillDb, storage: HeadOfficeStorage) {
  const sales = await db.sales.toArray();
  const missing: string[] = [];
  for (const s of sales) if ((await storage.getDocument(s.id)) === null) missing.push(s.id);
  const tillTotal = sales.reduce((sum, s) => sum + s.totals.total, 0);
  const hoTotals = await storage.saleTotals();
  return {
    tillSales: sales.length,
    headOfficeDocuments: await storage.countDocuments(),
    headOfficeSalesCount: hoTotals.reduce((n, r) => n + r.salesCount, 0),
    missing,
    tillTotal,
    headOfficeTotal: hoTotals.reduce((sum, r) => sum + r.salesTotalMinor, 0),
    outbox: {
      pending: await db.outbox.where('state').equals('pending').count(),
      rejected: await db.outbox.where('state').equals('rejected').count(),
    },
  };
}
