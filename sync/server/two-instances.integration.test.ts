// Two head-office instances (two Fastify servers, two pools) on one real
// PostgreSQL 15 receive the same batches at the same moment, over real HTTP
// on 127.0.0.1: every sale is stored exactly once and its effects applied once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixtureSale, saleDocument } from '../protocol/testing/sale-fixtures';
import { pushResponseSchema, type DocumentEnvelope } from '../protocol';
import { startPostgres, type ThrowawayPostgres } from '../../tests/support/postgres';
import { buildServer } from './app';
import { createStore, createTerminal } from './admin-service';
import { openPostgresStorage } from './storage/postgres/pg-storage';
import type { HeadOfficeStorage } from './storage/port';

let pgServer: ThrowawayPostgres;
const storages: HeadOfficeStorage[] = [];
const apps: FastifyInstance[] = [];
const urls: string[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
  const url = await pgServer.createDatabase('two_instances');
  for (let i = 0; i < 2; i++) {
    const storage = await openPostgresStorage({ connectionString: url });
    const app = await buildServer({ storage, adminToken: null });
    urls.push(await app.listen({ host: '127.0.0.1', port: 0 }));
    storages.push(storage);
    apps.push(app);
  }
});
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const s of storages) await s.close();
  await pgServer?.stop();
});

async function push(base: string, token: string, documents: DocumentEnvelope[]): Promise<string[]> {
  const res = await fetch(`${base}/api/v1/push`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-till-protocol': '1',
    },
    body: JSON.stringify({ documents }),
  });
  expect(res.status).toBe(200);
  return pushResponseSchema.parse(await res.json()).results.map((r) => r.status);
}

describe('two instances on one PostgreSQL', () => {
  it('store a batch sent to both at once exactly once, with effects once', async () => {
    const [a, b] = storages as [HeadOfficeStorage, HeadOfficeStorage];
    const now = new Date('2026-11-23T02:00:00.000Z');
    await createStore(a, { code: 'S001', name: 'Main', currency: 'CNY' }, now);
    const terminals = await Promise.all(
      ['T01', 'T02'].map(async (code) => {
        const { enrolmentCode } = await createTerminal(b, 'S001', { code, name: code }, now);
        const res = await fetch(`${urls[0]}/api/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: enrolmentCode, deviceName: code }),
        });
        return (await res.json()) as { token: string; terminalId: string; storeId: string };
      }),
    );
    const expectedStock = new Map<string, number>();
    let expectedTotal = 0;
    for (let round = 0; round < 5; round++) {
      const sends: Promise<string[]>[] = [];
      for (const t of terminals) {
        const batch = Array.from({ length: 100 }, (_, i) => {
          const sale = fixtureSale({
            storeId: t.storeId,
            terminalId: t.terminalId,
            sequence: round * 100 + i + 1,
          });
          expectedTotal += sale.totals.total;
          for (const l of sale.cart.lines)
            expectedStock.set(l.productId, (expectedStock.get(l.productId) ?? 0) - l.quantity);
          return saleDocument(sale);
        });
        // The same batch to both instances at the same moment (a retry racing the original).
        sends.push(
          push(urls[0] as string, t.token, batch),
          push(urls[1] as string, t.token, batch),
        );
      }
      const answers = (await Promise.all(sends)).flat();
      expect(answers.filter((s) => s === 'accepted')).toHaveLength(200);
      expect(answers.filter((s) => s === 'duplicate')).toHaveLength(200);
    }
    expect(await a.countDocuments()).toBe(1000);
    const totals = await b.saleTotals();
    expect(totals.reduce((n, r) => n + r.salesCount, 0)).toBe(1000);
    expect(totals.reduce((n, r) => n + r.salesTotalMinor, 0)).toBe(expectedTotal);
    const storeId = terminals[0]?.storeId as string;
    for (const [productId, qty] of expectedStock)
      expect(await a.stockQuantity(storeId, productId)).toBe(qty);
    // Every stock change is visible to a pull exactly once, in sequence order.
    const page = await a.pull('stock', storeId, 0, 5000);
    expect(new Set(page.changes.map((c) => c.key)).size).toBe(page.changes.length);
    expect(page.changes.length).toBe(expectedStock.size);
  });
});
