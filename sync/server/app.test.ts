import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  canonicalJson,
  documentEnvelopeSchema,
  parseDocumentBody,
  pullResponseSchema,
  pushResponseSchema,
  terminalStateResponseSchema,
} from '../protocol';
import { fixtureProduct, FIXTURE_TAX_RATES } from '../protocol/testing/sale-fixtures';
import { createTerminal } from './admin-service';
import { sha256Hex, toIngestDocument } from './effects';
import {
  ADMIN_TOKEN,
  NOW,
  openHarness,
  statuses,
  type Enrolled,
  type Harness,
} from './testing/harness';

let h: Harness;
let t: Enrolled;
beforeEach(async () => {
  h = await openHarness();
  t = await h.enrolTerminal('T01');
});
afterEach(async () => {
  await h.close();
});

describe('GET /healthz', () => {
  it('answers with the protocol version and storage engine', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, protocol: 1, storage: 'sqlite' });
  });
});

describe('GET /api/v1/terminal', () => {
  const state = (token: string | null) =>
    h.app.inject({
      method: 'GET',
      url: '/api/v1/terminal',
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  it("says the highest sequence head office holds of the caller's documents", async () => {
    const before = await state(t.token);
    expect(before.statusCode).toBe(200);
    expect(terminalStateResponseSchema.parse(before.json())).toEqual({
      terminalId: t.terminalId,
      storeId: t.storeId,
      lastSequence: null,
    });
    const other = await h.enrolTerminal('T02');
    await h.push(t.token, [h.sale(t, 1), h.sale(t, 3)]);
    await h.push(other.token, [h.sale(other, 9)]);
    expect((await state(t.token)).json()).toMatchObject({ lastSequence: 3 });
    expect((await state(other.token)).json()).toMatchObject({ lastSequence: 9 });
  });

  it('refuses a request without a token, with an unknown one, or from a revoked terminal', async () => {
    expect((await state(null)).json().error.code).toBe('unauthorized');
    expect((await state('not-a-token')).statusCode).toBe(401);
    await h.storage.revokeTerminal(t.terminalId, NOW.toISOString());
    const revoked = await state(t.token);
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json().error.code).toBe('terminal_revoked');
  });
});

describe('POST /api/v1/enrol', () => {
  it('trades a code once for a token, the code typed in any case and without dashes', async () => {
    const { enrolmentCode } = await createTerminal(
      h.storage,
      'S001',
      { code: 'T02', name: '' },
      NOW,
    );
    const typed = enrolmentCode.replace(/-/g, '').toLowerCase();
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: typed, deviceName: 'Tablet' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      storeCode: 'S001',
      terminalCode: 'T02',
      currency: 'CNY',
      storeName: 'Main St',
    });
    expect(first.json().token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: enrolmentCode, deviceName: 'Thief' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('enrolment_code_used');
  });

  it('refuses an unknown code', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: 'AAAA-BBBB-CCCC', deviceName: 'x' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('enrolment_code_unknown');
  });
});

describe('POST /api/v1/push', () => {
  it('accepts, then answers the retry as duplicate without doubling effects', async () => {
    const docs = [h.sale(t, 1), h.sale(t, 2)];
    expect(statuses((await h.push(t.token, docs)).body)).toEqual(['accepted', 'accepted']);
    expect(statuses((await h.push(t.token, docs)).body)).toEqual(['duplicate', 'duplicate']);
    expect(await h.storage.countDocuments()).toBe(2);
    expect((await h.storage.saleTotals(t.storeId))[0]?.salesCount).toBe(2);
  });

  it('treats a retry with its keys in another order as the same document', async () => {
    const doc = h.sale(t, 1);
    await h.push(t.token, [doc]);
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    expect(statuses((await h.push(t.token, [reordered])).body)).toEqual(['duplicate']);
  });

  it('answers duplicate for a document stored by a server build with another key order', async () => {
    const envelope = h.sale(t, 1);
    const parsed = parseDocumentBody(documentEnvelopeSchema.parse(envelope));
    if (!parsed.ok) throw new Error(parsed.reason);
    const fresh = toIngestDocument(parsed.document);
    const sortedJson = canonicalJson(parsed.document);
    expect(sortedJson).not.toBe(fresh.json);
    await h.storage.ingest(
      [{ ...fresh, json: sortedJson, contentHash: sha256Hex(sortedJson) }],
      NOW.toISOString(),
    );
    expect(statuses((await h.push(t.token, [envelope])).body)).toEqual(['duplicate']);
    expect((await h.storage.saleTotals(t.storeId))[0]?.salesCount).toBe(1);
  });

  it('rejects the same id with different content as a conflict and keeps the original', async () => {
    const doc = h.sale(t, 1);
    await h.push(t.token, [doc]);
    const stored = await h.storage.getDocument(doc.id);
    const altered = { ...doc, createdAt: '2026-11-23T11:00:00.000+08:00' };
    const res = await h.push(t.token, [altered]);
    expect(statuses(res.body)).toEqual(['conflict']);
    expect(await h.storage.getDocument(doc.id)).toBe(stored);
  });

  it('rejects a sale whose totals do not add up, naming the figure', async () => {
    const doc = h.sale(t, 1);
    const body = doc.body as { totals: { total: number } };
    const res = await h.push(t.token, [
      { ...doc, body: { ...body, totals: { ...body.totals, total: body.totals.total + 1 } } },
    ]);
    const [result] = pushResponseSchema.parse(res.body).results;
    expect(result).toMatchObject({
      status: 'rejected',
      code: 'totals_mismatch',
      reason: expect.stringContaining('totals.total'),
    });
    expect(await h.storage.countDocuments()).toBe(0);
  });

  it('rejects another document under a stored sequence number', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    const res = await h.push(t.token, [h.sale(t, 1)]);
    expect(statuses(res.body)).toEqual(['sequence_conflict']);
  });

  it('rejects a bad body alone and stores the rest of the batch', async () => {
    const bad = { ...h.sale(t, 1), body: { nonsense: true } };
    const res = await h.push(t.token, [bad, h.sale(t, 2)]);
    expect(statuses(res.body)).toEqual(['invalid', 'accepted']);
    expect(await h.storage.countDocuments()).toBe(1);
  });

  it('stores refunds, cash movements and shift closes', async () => {
    const at = '2026-11-23T18:00:00.000+08:00';
    const id = uuidv7();
    const refund = {
      id,
      originalSaleId: null,
      receiptNumber: 'S001-T01-000002',
      storeId: t.storeId,
      terminalId: t.terminalId,
      sequence: 2,
      cashierId: 'U1',
      createdAt: at,
      currency: 'CNY',
      lines: [
        {
          lineId: 'L1',
          productId: 'P000001',
          quantity: 1,
          amountMinor: 500,
          taxMinor: 58,
          restock: true,
        },
      ],
      totalMinor: 500,
      taxMinor: 58,
      tenders: [{ kind: 'cash', amountMinor: 500 }],
      reason: 'damaged',
    };
    const docs = [
      {
        id,
        type: 'refund',
        terminalId: t.terminalId,
        storeId: t.storeId,
        sequence: 2,
        createdAt: at,
        body: refund,
      },
      {
        id: uuidv7(),
        type: 'cash_movement',
        terminalId: t.terminalId,
        storeId: t.storeId,
        sequence: 3,
        createdAt: at,
        body: {
          id: uuidv7(),
          kind: 'paid_out',
          shiftId: 'SH1',
          cashierId: 'U1',
          createdAt: at,
          currency: 'CNY',
          amountMinor: 2000,
          reason: 'milk',
        },
      },
    ];
    expect(statuses((await h.push(t.token, docs)).body)).toEqual(['accepted', 'accepted']);
    expect(await h.storage.stockQuantity(t.storeId, 'P000001')).toBe(1);
    expect((await h.storage.saleTotals(t.storeId))[0]).toMatchObject({
      refundsCount: 1,
      refundsTotalMinor: 500,
    });
  });
});

describe('GET /api/v1/pull/:collection', () => {
  it('pages changes with checkpoints and hands out deletes as tombstones', async () => {
    const products = Array.from({ length: 12 }, (_, i) => fixtureProduct(i + 1));
    await h.storage.importCatalogue({
      taxRates: FIXTURE_TAX_RATES,
      products,
      stock: [],
      deleteProductIds: ['P000003'],
    });
    const pull = async (after: number, limit: number) => {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/v1/pull/products?after=${after}&limit=${limit}`,
        headers: { authorization: `Bearer ${t.token}`, 'x-till-protocol': '1' },
      });
      expect(res.statusCode).toBe(200);
      return pullResponseSchema.parse(res.json());
    };
    const p1 = await pull(0, 5);
    expect(p1.more).toBe(true);
    expect(p1.changes.map((c) => c.key)).toEqual([
      'P000001',
      'P000002',
      'P000004',
      'P000005',
      'P000006',
    ]);
    expect(p1.changes[0]?.value).toEqual(products[0]);
    const p2 = await pull(p1.checkpoint, 5);
    const p3 = await pull(p2.checkpoint, 5);
    expect(p3.more).toBe(false);
    expect(p3.changes.at(-1)).toMatchObject({ key: 'P000003', deleted: true, value: null });
    expect(await pull(p3.checkpoint, 5)).toEqual({
      changes: [],
      checkpoint: p3.checkpoint,
      more: false,
    });
  });

  it('refuses an unknown collection and a limit over 5000', async () => {
    const get = (url: string) =>
      h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });
    const unknown = await get('/api/v1/pull/secrets');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    const big = await get('/api/v1/pull/products?limit=5001');
    expect([big.statusCode, big.json().error.code]).toEqual([400, 'invalid_body']);
  });
});

describe('protocol version and CORS', () => {
  it('reads a missing header as version 1 and refuses any other version', async () => {
    const ok = await h.app.inject({
      method: 'GET',
      url: '/api/v1/pull/products',
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(ok.statusCode).toBe(200);
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/pull/products',
      headers: { authorization: `Bearer ${t.token}`, 'x-till-protocol': '2' },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'unsupported_version']);
  });

  it('lets the till page send its bearer token and protocol header cross-origin, without cookies', async () => {
    const res = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/push',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-till-protocol',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(String(res.headers['access-control-allow-headers'])).toContain('x-till-protocol');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('admin API', () => {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it('creates a store and a terminal whose code enrols once, and revokes it', async () => {
    const store = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stores',
      headers: admin,
      payload: { code: 'S010', name: 'North' },
    });
    expect(store.statusCode).toBe(201);
    const { storeId } = store.json();
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/stores',
      headers: admin,
      payload: { code: 'S010', name: 'x' },
    });
    expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'already_exists']);
    const term = await h.app.inject({
      method: 'POST',
      url: `/api/v1/admin/stores/${storeId}/terminals`,
      headers: admin,
      payload: { code: 'T01' },
    });
    expect(term.statusCode).toBe(201);
    const { enrolmentCode, terminalId } = term.json();
    const enrol = await h.app.inject({
      method: 'POST',
      url: '/api/v1/enrol',
      payload: { code: enrolmentCode, deviceName: 'd' },
    });
    const token = enrol.json().token as string;
    const revoke = await h.app.inject({
      method: 'POST',
      url: `/api/v1/admin/terminals/${terminalId}/revoke`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(200);
    const pull = await h.app.inject({
      method: 'GET',
      url: '/api/v1/pull/products',
      headers: { authorization: `Bearer ${token}` },
    });
    expect([pull.statusCode, pull.json().error.code]).toEqual([403, 'terminal_revoked']);
  });

  it('imports a CSV catalogue, or names each bad row', async () => {
    const good =
      'id,sku,barcodes,name,name_en,price,tax_rate_id,unit\nP1,COLA,6901234567892,可口可乐,Coca Cola,3.50,vat13,each\n';
    const ok = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalogue?kind=products',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: good,
    });
    expect(ok.json()).toEqual({ taxRates: 0, products: 1, stock: 0, deleted: 0 });
    const pulled = (await h.storage.pull('products', t.storeId, 0, 10)).changes[0];
    expect(JSON.parse(pulled?.valueJson ?? 'null')).toMatchObject({
      priceMinor: 350,
      searchKeys: ['coca', 'cola', 'kkkl'],
    });
    const bad = 'id,sku,name,price,tax_rate_id\nP2,S2,Tea,abc,vat13\nP3,,Milk,2.00,vat13\n';
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalogue?kind=products',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import_invalid');
    expect(res.json().error.details.map((d: { row: number }) => d.row)).toEqual([2, 3]);
  });

  it('writes customers and loyalty balances that tills then pull', async () => {
    const post = (collection: string, payload: object) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/admin/records/${collection}`,
        headers: admin,
        payload,
      });
    const ok = await post('loyalty', { upsert: [{ customerId: 'C1', pointsBalance: 120 }] });
    expect(ok.json()).toEqual({ written: 1 });
    const bad = await post('loyalty', { upsert: [{ customerId: 'C2', pointsBalance: 1.5 }] });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details[0].row]).toEqual([
      400,
      'import_invalid',
      1,
    ]);
    const unknown = await post('secrets', { upsert: [] });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'not_found']);
    const pull = await h.app.inject({
      method: 'GET',
      url: '/api/v1/pull/loyalty',
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(pull.json().changes).toEqual([
      {
        key: 'C1',
        seq: expect.any(Number),
        deleted: false,
        value: { customerId: 'C1', pointsBalance: 120 },
      },
    ]);
  });

  it('refuses requests without the admin token', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/admin/stores',
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'unauthorized']);
  });
});
