// An operator corrects a store over the admin API (PATCH /api/v1/admin/stores/:id):
// its name at any time, its currency until head office holds a document of it;
// the sales head office refused in the wrong currency then go in when sent again.
import { afterEach, describe, expect, it } from 'vitest';
import { pushResponseSchema, type PushResult } from '../protocol';
import { ADMIN_TOKEN, openHarness, type Harness } from './testing/harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  (h as Harness).app.inject({
    method,
    url: `/api/v1/admin${url}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const results = (body: unknown): PushResult[] => pushResponseSchema.parse(body).results;

describe('PATCH /api/v1/admin/stores/:id', () => {
  it('renames a store found by code or id and answers with the store as GET lists it', async () => {
    h = await openHarness();
    const byCode = await admin('PATCH', '/stores/S001', { name: '  Main Street  ' });
    expect(byCode.statusCode).toBe(200);
    const store = byCode.json();
    expect(store).toEqual({
      storeId: expect.any(String),
      code: 'S001',
      name: 'Main Street',
      currency: 'CNY',
    });
    const byId = await admin('PATCH', `/stores/${store.storeId}`, { currency: 'HKD' });
    expect([byId.statusCode, byId.json()]).toEqual([200, { ...store, currency: 'HKD' }]);
    expect((await admin('GET', '/stores')).json().stores).toContainEqual({
      ...store,
      currency: 'HKD',
    });
  });

  it('answers 404 for an unknown store', async () => {
    h = await openHarness();
    const res = await admin('PATCH', '/stores/S999', { name: 'Nowhere' });
    expect([res.statusCode, res.json().error]).toEqual([
      404,
      { code: 'not_found', message: 'No store with id or code "S999"' },
    ]);
  });

  it('refuses a currency change with 409 store_has_documents once a sale is stored, and still renames', async () => {
    h = await openHarness();
    const t = await h.enrolTerminal('T01');
    await h.push(t.token, [h.sale(t, 1), h.sale(t, 2)]);
    const res = await admin('PATCH', '/stores/S001', { currency: 'HKD', name: 'Renamed' });
    expect([res.statusCode, res.json().error]).toEqual([
      409,
      {
        code: 'store_has_documents',
        message:
          'Store S001 already holds 2 documents in CNY; its currency can be corrected only before any document is stored',
      },
    ]);
    expect((await h.storage.getStoreByCode('S001'))?.name).toBe('Main St');
    const renamed = await admin('PATCH', '/stores/S001', { currency: 'CNY', name: 'Renamed' });
    expect([renamed.statusCode, renamed.json().name]).toEqual([200, 'Renamed']);
  });

  it.each([
    [
      'nothing to change',
      {},
      'The store correction is not valid: Give the name, the currency or both to change',
    ],
    [
      'an unknown field',
      { code: 'S009' },
      'The store correction is not valid: Unrecognized key: "code"',
    ],
    [
      'a currency head office does not know',
      { currency: 'GBP' },
      'The store correction is not valid at currency: Invalid option',
    ],
    ['a blank name', { name: '   ' }, 'The store correction is not valid at name: Too small'],
  ])('refuses %s with 400 invalid_body, changing nothing', async (_what, body, message) => {
    h = await openHarness();
    const res = await admin('PATCH', '/stores/S001', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_body');
    expect(res.json().error.message).toContain(message);
    expect(await h.storage.getStoreByCode('S001')).toMatchObject({
      name: 'Main St',
      currency: 'CNY',
    });
  });

  it('answers 401 without the admin token, changing nothing', async () => {
    h = await openHarness();
    for (const authorization of [undefined, 'Bearer wrong-token']) {
      const res = await h.app.inject({
        method: 'PATCH',
        url: '/api/v1/admin/stores/S001',
        headers: authorization === undefined ? {} : { authorization },
        payload: { currency: 'HKD' },
      });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'unauthorized']);
    }
    expect((await h.storage.getStoreByCode('S001'))?.currency).toBe('CNY');
  });

  it('lets a head-office page send it cross-origin', async () => {
    h = await openHarness();
    const res = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/admin/stores/S001',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['access-control-allow-methods'])).toContain('PATCH');
  });
});

describe('a store created with the wrong currency, corrected', () => {
  it.each([
    ['on the request thread', 0],
    ['in an ingest worker', 1],
  ])(
    'takes the sale it refused when the till sends it again under the same token (push prepared %s)',
    async (_where, ingestWorkers) => {
      h = await openHarness({ server: { ingestWorkers } });
      const created = await admin('POST', '/stores', {
        code: 'S003',
        name: 'Wan Chai',
        currency: 'HKD',
      });
      expect(created.statusCode).toBe(201);
      const t = await h.enrolTerminal('T01', 'S003');
      // The till trades in CNY (the fixture sales' currency).
      const sale = h.sale(t, 1);

      const refused = await h.push(t.token, [sale]);
      expect(results(refused.body)).toEqual([
        {
          id: sale.id,
          status: 'rejected',
          code: 'invalid',
          reason: 'body.currency is CNY, but store S003 trades in HKD',
        },
      ]);

      const corrected = await admin('PATCH', '/stores/S003', { currency: 'CNY' });
      expect([corrected.statusCode, corrected.json().currency]).toEqual([200, 'CNY']);

      // The token passed before: this push is prepared while the token is checked
      // again (RecentTerminals), and judged by the currency that check read.
      const again = await h.push(t.token, [sale]);
      expect([again.status, again.body]).toEqual([
        200,
        { results: [{ id: sale.id, status: 'accepted' }] },
      ]);
      expect(await h.storage.countDocuments()).toBe(1);
      expect((await h.push(t.token, [sale])).body).toEqual({
        results: [{ id: sale.id, status: 'duplicate' }],
      });
      expect(await h.storage.countDocuments()).toBe(1);
      // Now that S003 holds a document, its currency stays.
      const late = await admin('PATCH', '/stores/S003', { currency: 'HKD' });
      expect([late.statusCode, late.json().error.code]).toEqual([409, 'store_has_documents']);
    },
  );
});
