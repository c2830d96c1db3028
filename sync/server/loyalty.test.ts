// A member's sale pushed through the HTTP API adds the points the domain gives
// it to the member's balance, once, and tills pull the new balance; prepared on
// the request thread and in an ingest worker alike.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loyaltyPointsEarned } from '../../domain';
import { pushResponseSchema } from '../protocol';
import { ADMIN_TOKEN, openHarness, type Enrolled, type Harness } from './testing/harness';

let h: Harness;
let t: Enrolled;

describe.each([0, 1])('loyalty through HTTP, %i ingest workers', (workers) => {
  beforeEach(async () => {
    h = await openHarness({ server: { ingestWorkers: workers } });
    t = await h.enrolTerminal('T01');
  });
  afterEach(async () => {
    await h.close();
  });

  const balance = async (customerId: string): Promise<unknown> => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/pull/loyalty?limit=5000',
      headers: { authorization: `Bearer ${t.token}` },
    });
    const changes = res.json().changes as { key: string; value: unknown }[];
    return changes.find((c) => c.key === customerId)?.value ?? null;
  };

  it("adds a member's points once and the till pulls the new balance", async () => {
    const imported = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/records/loyalty',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { upsert: [{ customerId: 'C1', pointsBalance: 120 }] },
    });
    expect(imported.statusCode).toBe(200);
    const sale = h.sale(t, 1) as unknown as { body: { customerId?: string | null } };
    sale.body.customerId = 'C1';
    const anonymous = h.sale(t, 2);
    const first = await h.push(t.token, [sale, anonymous]);
    expect(pushResponseSchema.parse(first.body).results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const body = (sale as unknown as { body: { totals: { total: number } } }).body;
    const earned = loyaltyPointsEarned(body.totals.total, 'CNY');
    expect(earned).toBeGreaterThan(0);
    expect(await balance('C1')).toEqual({ customerId: 'C1', pointsBalance: 120 + earned });
    // The till retries the same push (its answer was lost): no points twice.
    const again = await h.push(t.token, [sale, anonymous]);
    expect(pushResponseSchema.parse(again.body).results.map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    expect(await balance('C1')).toEqual({ customerId: 'C1', pointsBalance: 120 + earned });
  });

  it('refuses loyalty balances for one store: a member has one chain-wide balance', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/admin/records/loyalty',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { storeCode: 'S001', upsert: [{ customerId: 'C1', pointsBalance: 120 }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'import_invalid',
      details: [{ message: 'Loyalty balances are chain-wide: import them without storeCode' }],
    });
    expect(await balance('C1')).toBeNull();
  });

  it('rejects a sale naming a member with an id that is not one', async () => {
    const sale = h.sale(t, 1) as unknown as { body: { customerId?: unknown } };
    sale.body.customerId = '';
    const res = await h.push(t.token, [sale]);
    expect(pushResponseSchema.parse(res.body).results).toEqual([
      expect.objectContaining({ status: 'rejected', code: 'invalid' }),
    ]);
    expect(await balance('')).toBeNull();
  });
});
