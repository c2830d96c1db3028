// A head office on a temp SQLite file (or any storage) with one store and one
// enrolled terminal, for HTTP tests driven through fastify's inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fixtureSale, saleDocument } from '../../protocol/testing/sale-fixtures';
import { pushResponseSchema, type DocumentEnvelope } from '../../protocol';
import { buildServer, type ServerOptions } from '../app';
import { createStore, createTerminal } from '../admin-service';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage';
import type { HeadOfficeStorage } from '../storage/port';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const NOW = new Date('2026-11-23T02:00:00.000Z');

/** A push answer's outcomes in order: the status, or the code of a refusal. */
export const statuses = (body: unknown): string[] =>
  pushResponseSchema.parse(body).results.map((r) => (r.status === 'rejected' ? r.code : r.status));

export interface Enrolled {
  token: string;
  terminalId: string;
  storeId: string;
}

export interface Harness {
  app: FastifyInstance;
  storage: HeadOfficeStorage;
  /** A fresh terminal in store S001 (or the given store code), enrolled. */
  enrolTerminal(code: string, storeCode?: string): Promise<Enrolled>;
  /** A sale document for the terminal. */
  sale(t: Enrolled, sequence: number, id?: string): DocumentEnvelope;
  push(token: string, documents: unknown[]): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function openHarness(
  opts: { storage?: HeadOfficeStorage; server?: Partial<ServerOptions> } = {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-http-'));
  const storage = opts.storage ?? openSqliteStorage(path.join(dir, 'ho.db'));
  const app = await buildServer({
    storage,
    adminToken: ADMIN_TOKEN,
    now: () => NOW,
    ...opts.server,
  });
  if (!(await storage.getStoreByCode('S001')))
    await createStore(storage, { code: 'S001', name: 'Main St', currency: 'CNY' }, NOW);
  if (!(await storage.getStoreByCode('S002')))
    await createStore(storage, { code: 'S002', name: 'East', currency: 'CNY' }, NOW);
  return {
    app,
    storage,
    async enrolTerminal(code, storeCode = 'S001') {
      const { enrolmentCode } = await createTerminal(storage, storeCode, { code, name: code }, NOW);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/enrol',
        payload: { code: enrolmentCode, deviceName: code },
      });
      if (res.statusCode !== 201) throw new Error(`enrol failed: ${res.body}`);
      return res.json() as Enrolled;
    },
    sale(t, sequence, id) {
      return saleDocument(
        fixtureSale({
          storeId: t.storeId,
          terminalId: t.terminalId,
          sequence,
          ...(id ? { id } : {}),
        }),
      );
    },
    async push(token, documents) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/push',
        headers: { authorization: `Bearer ${token}` },
        payload: { documents },
      });
      return { status: res.statusCode, body: res.json() };
    },
    async close() {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
