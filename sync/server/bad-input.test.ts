// Every kind of bad request gets a 4xx with a named code, stores nothing, and
// leaves the server serving; thousands of random bodies never cause a 5xx.
// Run on SQLite with push bodies prepared on the request thread and in a worker
// thread, and on a real PostgreSQL 15, whose text type refuses what SQLite keeps
// (U+0000): both engines must answer bad input alike.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startPostgres, type ThrowawayPostgres } from '../../tests/support/postgres';
import { createTerminal, revokeTerminal } from './admin-service';
import { openPostgresStorage } from './storage/postgres/pg-storage';
import { ADMIN_TOKEN, NOW, openHarness, type Enrolled, type Harness } from './testing/harness';

let h: Harness;
let t: Enrolled;
let other: Enrolled;
let revoked: Enrolled;
let usedCode: string;

interface Case {
  name: string;
  request: () => {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string | object;
  };
  status: number;
  code: string;
}

const auth = (e: Enrolled) => ({ authorization: `Bearer ${e.token}` });
const json = { 'content-type': 'application/json' };

const cases: Case[] = [
  {
    name: 'malformed JSON',
    status: 400,
    code: 'malformed_json',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), ...json },
      payload: '{"documents": [',
    }),
  },
  {
    name: 'empty JSON body',
    status: 400,
    code: 'malformed_json',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), ...json },
      payload: '',
    }),
  },
  {
    name: 'prototype pollution (__proto__ key)',
    status: 400,
    code: 'malformed_json',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), ...json },
      payload: '{"__proto__":{"x":1},"documents":[]}',
    }),
  },
  {
    name: 'wrong media type',
    status: 415,
    code: 'unsupported_media_type',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), 'content-type': 'application/xml' },
      payload: '<a/>',
    }),
  },
  {
    name: 'schema violation: no documents',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: [] },
    }),
  },
  {
    name: 'schema violation: sequence 0',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: [{ ...h.sale(t, 1), sequence: 0 }] },
    }),
  },
  {
    name: 'schema violation: id not UUIDv7',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: [{ ...h.sale(t, 1), id: 'abc' }] },
    }),
  },
  {
    name: '501 documents',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: Array(501).fill({}) },
    }),
  },
  {
    name: 'oversized body',
    status: 413,
    code: 'payload_too_large',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), ...json },
      payload: JSON.stringify({ documents: [{ pad: 'x'.repeat(300 * 1024) }] }),
    }),
  },
  {
    name: 'no token',
    status: 401,
    code: 'unauthorized',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      payload: { documents: [h.sale(t, 1)] },
    }),
  },
  {
    name: 'unknown token',
    status: 401,
    code: 'unauthorized',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { authorization: 'Bearer not-a-real-token' },
      payload: { documents: [h.sale(t, 1)] },
    }),
  },
  {
    name: 'revoked token',
    status: 403,
    code: 'terminal_revoked',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(revoked),
      payload: { documents: [h.sale(revoked, 1)] },
    }),
  },
  {
    name: "write into another store's documents",
    status: 403,
    code: 'forbidden_store',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: [h.sale(t, 1), { ...h.sale(t, 2), storeId: other.storeId }] },
    }),
  },
  {
    name: 'write as another terminal',
    status: 403,
    code: 'forbidden_terminal',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: auth(t),
      payload: { documents: [{ ...h.sale(t, 1), terminalId: uuidv7() }] },
    }),
  },
  {
    name: 'replayed enrolment code',
    status: 409,
    code: 'enrolment_code_used',
    request: () => ({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: usedCode, deviceName: 'second' },
    }),
  },
  {
    name: 'enrolment with extra fields',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: 'AAAA-BBBB-CCCC', deviceName: 'x', admin: true },
    }),
  },
  {
    name: 'unsupported protocol version',
    status: 400,
    code: 'unsupported_version',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), 'x-till-protocol': '0' },
      payload: { documents: [h.sale(t, 1)] },
    }),
  },
  {
    name: 'pull with a negative checkpoint',
    status: 400,
    code: 'invalid_body',
    request: () => ({ method: 'GET', url: '/api/v1/pull/products?after=-5', headers: auth(t) }),
  },
  {
    name: 'pull with an unknown query field',
    status: 400,
    code: 'invalid_body',
    request: () => ({ method: 'GET', url: '/api/v1/pull/products?drop=1', headers: auth(t) }),
  },
  {
    name: 'enrolment with U+0000 in the device name',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: 'AAAA-BBBB-CCCC', deviceName: 'Till\u00001' },
    }),
  },
  {
    name: 'push with U+0000 in the envelope',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'POST',
      url: '/api/v1/push',
      headers: { ...auth(t), ...json },
      payload: { documents: [{ ...h.sale(t, 1), terminalId: `${t.terminalId}\u0000` }] },
    }),
  },
  {
    name: 'enrolment sent as text/plain',
    status: 415,
    code: 'unsupported_media_type',
    request: () => ({
      method: 'POST',
      url: '/api/v1/enrol',
      headers: { 'content-type': 'text/plain' },
      payload: '{"code":"AAAA-BBBB-CCCC","deviceName":"x"}',
    }),
  },
  {
    name: 'CSV sent to an admin endpoint other than the catalogue import',
    status: 415,
    code: 'unsupported_media_type',
    request: () => ({
      method: 'POST',
      url: '/api/v1/admin/stores',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      payload: 'code,name\nS009,x\n',
    }),
  },
  {
    name: 'admin path with U+0000',
    status: 400,
    code: 'invalid_body',
    request: () => ({
      method: 'GET',
      url: '/api/v1/admin/stores/S%00/terminals',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }),
  },
  {
    name: 'records import into an unknown collection',
    status: 404,
    code: 'not_found',
    request: () => ({
      method: 'POST',
      url: '/api/v1/admin/records/secrets',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { upsert: [] },
    }),
  },
  {
    name: "pull from a checkpoint past head office's latest change",
    status: 409,
    code: 'checkpoint_ahead',
    request: () => ({
      method: 'GET',
      url: '/api/v1/pull/products?after=900000000',
      headers: auth(t),
    }),
  },
  {
    name: 'unknown endpoint',
    status: 404,
    code: 'not_found',
    request: () => ({ method: 'GET', url: '/api/v1/nothing', headers: auth(t) }),
  },
];

let pgServer: ThrowawayPostgres | null = null;
afterAll(async () => {
  await pgServer?.stop();
});

// Push bodies are prepared on the request thread or in ingest worker threads: both must answer alike.
describe.each([
  { engine: 'sqlite', workers: 0 },
  { engine: 'sqlite', workers: 1 },
  { engine: 'postgres', workers: 1 },
])('$engine with $workers ingest workers', ({ engine, workers }) => {
  beforeAll(async () => {
    const server = { bodyLimit: 256 * 1024, ingestWorkers: workers };
    if (engine === 'postgres') {
      pgServer ??= await startPostgres();
      const storage = await openPostgresStorage({
        connectionString: await pgServer.createDatabase('bad_input'),
      });
      h = await openHarness({ storage, server });
    } else {
      h = await openHarness({ server });
    }
    t = await h.enrolTerminal('T01');
    other = await h.enrolTerminal('T01', 'S002');
    revoked = await h.enrolTerminal('T09');
    await revokeTerminal(h.storage, revoked.terminalId, NOW);
    usedCode = (await createTerminal(h.storage, 'S001', { code: 'T05', name: '' }, NOW))
      .enrolmentCode;
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: usedCode, deviceName: 'first' },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('bad input', () => {
    it.each(cases)('$name → $status $code, nothing stored, still serving', async (c) => {
      const before = await h.storage.countDocuments();
      const res = await h.app.inject(c.request());
      expect(res.statusCode).toBe(c.status);
      expect(res.json()).toEqual({
        error: expect.objectContaining({ code: c.code, message: expect.any(String) }),
      });
      expect(await h.storage.countDocuments()).toBe(before);
      const health = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    });

    it('rejects a sale with U+0000 in a product id as invalid, and stores the rest of the batch', async () => {
      const seq = (await h.storage.countDocuments()) + 200;
      const bad = h.sale(t, seq) as unknown as {
        body: { cart: { lines: { productId: string }[] } };
      };
      const line = bad.body.cart.lines[0] as { productId: string };
      line.productId = `P\u00001`;
      const good = h.sale(t, seq + 1);
      const before = await h.storage.countDocuments();
      const res = await h.push(t.token, [bad, good]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        results: [
          {
            id: expect.any(String),
            status: 'rejected',
            code: 'invalid',
            reason: expect.stringContaining('U+0000'),
          },
          { id: good.id, status: 'accepted' },
        ],
      });
      expect(await h.storage.countDocuments()).toBe(before + 1);
    });

    it('still stores a good push after all of them', async () => {
      const seq = (await h.storage.countDocuments()) + 100;
      const res = await h.push(t.token, [h.sale(t, seq)]);
      expect(res.body).toEqual({ results: [{ id: expect.any(String), status: 'accepted' }] });
    });
  });

  describe('fuzzed push bodies', () => {
    it('never answers 5xx to thousands of random or mutated bodies', async () => {
      const base = h.sale(t, 1);
      const mutate = fc
        .record({
          path: fc.constantFrom(
            'id',
            'type',
            'sequence',
            'createdAt',
            'storeId',
            'terminalId',
            'body',
            'body.cart',
            'body.cart.lines',
            'body.totals',
            'body.totals.total',
            'body.tenders',
            'body.changeMinor',
            'body.settings.taxRates',
            'body.cart.lines.0.quantity',
            'body.cart.lines.0.unitPriceMinor',
            'body.cart.lines.0.discount',
            'body.settings.roundingMode',
            'body.currency',
          ),
          value: fc.oneof(
            fc.jsonValue(),
            fc.integer(),
            fc.double(),
            fc.string(),
            fc.string({ unit: 'binary', maxLength: 8 }),
            fc.constant('\u0000'),
            fc.constant(null),
            fc.constant(2 ** 60),
          ),
        })
        .map(({ path, value }) => {
          const doc = structuredClone(base) as unknown as Record<string, unknown>;
          const keys = path.split('.');
          let target: Record<string, unknown> = doc;
          for (const k of keys.slice(0, -1)) target = (target[k] ?? {}) as Record<string, unknown>;
          target[keys.at(-1) as string] = value;
          return { documents: [doc] };
        });
      const body = fc.oneof(
        mutate,
        fc.jsonValue(),
        fc.record({ documents: fc.array(fc.jsonValue(), { maxLength: 5 }) }),
        fc.string().map((s) => s as unknown),
      );
      let statuses5xx = 0;
      await fc.assert(
        fc.asyncProperty(body, async (payload) => {
          const res = await h.app.inject({
            method: 'POST',
            url: '/api/v1/push',
            headers: { ...auth(t), ...json },
            payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
          });
          if (res.statusCode >= 500) statuses5xx++;
          expect(res.statusCode).toBeLessThan(500);
        }),
        { numRuns: 3000 },
      );
      expect(statuses5xx).toBe(0);
    });
  });
});
