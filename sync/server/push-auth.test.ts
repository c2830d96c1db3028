// A push under a token that passed before is prepared while the token is
// checked again (RecentTerminals in sync-routes.ts); the check still decides.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reissueEnrolmentCode, revokeTerminal } from './admin-service';
import { inlinePreparer, type PushPreparer } from './ingest-pool';
import type { HeadOfficeStorage } from './storage/port';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';
import { RecentTerminals } from './sync-routes';
import { NOW, openHarness, statuses, type Enrolled, type Harness } from './testing/harness';

let dir: string;
let h: Harness;
let t: Enrolled;
let events: string[];
/** When set, what the next token check answers instead of the database. */
let forge:
  ((found: Awaited<ReturnType<HeadOfficeStorage['findByTokenHash']>>) => typeof found) | null;

/** The storage, noting each token check. */
function tracing(storage: HeadOfficeStorage): HeadOfficeStorage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === 'findByTokenHash')
        return async (hash: string) => {
          events.push('check token');
          const found = await target.findByTokenHash(hash);
          return forge ? forge(found) : found;
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'till-push-auth-'));
  events = [];
  forge = null;
  const inline = inlinePreparer();
  const preparer: PushPreparer = {
    prepare(body, auth) {
      events.push('prepare');
      return inline.prepare(body, auth);
    },
    close: async () => {},
  };
  h = await openHarness({
    storage: tracing(openSqliteStorage(path.join(dir, 'ho.db'))),
    server: { preparer },
  });
  t = await h.enrolTerminal('T01');
  events = [];
});
afterEach(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a push under a token that passed before', () => {
  it('is prepared while the token is checked; a token seen first is checked first', async () => {
    expect(statuses((await h.push(t.token, [h.sale(t, 1)])).body)).toEqual(['accepted']);
    expect(events).toEqual(['check token', 'prepare']);
    events = [];
    expect(statuses((await h.push(t.token, [h.sale(t, 2)])).body)).toEqual(['accepted']);
    expect(events).toEqual(['prepare', 'check token']);
    expect(await h.storage.countDocuments()).toBe(2);
  });

  it('is still refused once the terminal is revoked, and the next one is checked first', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    await revokeTerminal(h.storage, t.terminalId, NOW);
    events = [];
    const res = await h.push(t.token, [h.sale(t, 2)]);
    expect(res.status).toBe(403);
    expect((res.body as { error: { code: string } }).error.code).toBe('terminal_revoked');
    // One wasted preparation, nothing stored.
    expect(events).toEqual(['prepare', 'check token']);
    expect(await h.storage.countDocuments()).toBe(1);
    events = [];
    expect((await h.push(t.token, [h.sale(t, 2)])).status).toBe(403);
    expect(events).toEqual(['check token']);
  });

  it('is refused once a new enrolment code is issued for its terminal, as after a revocation', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    await reissueEnrolmentCode(h.storage, t.terminalId);
    events = [];
    const res = await h.push(t.token, [h.sale(t, 2)]);
    expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([
      401,
      'unauthorized',
    ]);
    expect(events).toEqual(['prepare', 'check token']);
    expect(await h.storage.countDocuments()).toBe(1);
    events = [];
    expect((await h.push(t.token, [h.sale(t, 2)])).status).toBe(401);
    expect(events).toEqual(['check token']);
  });

  it('answers the token check, not the body, when both are wrong', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    await revokeTerminal(h.storage, t.terminalId, NOW);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/push',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      payload: '{"documents": [',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'terminal_revoked']);
  });

  it('gets no work done for a token head office does not know', async () => {
    const res = await h.push('not-a-token-of-this-head-office', [h.sale(t, 1)]);
    expect(res.status).toBe(401);
    expect(events).toEqual(['check token']);
  });

  it("is judged by the store's currency as the check reads it, not as it was when the token passed before", async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    // The operator set the store's currency to HKD since (a correction, or a mistake).
    forge = (found) => found && { ...found, store: { ...found.store, currency: 'HKD' } };
    events = [];
    const sale = h.sale(t, 2);
    const res = await h.push(t.token, [sale]);
    expect(events).toEqual(['prepare', 'check token']);
    expect([res.status, res.body]).toEqual([
      200,
      {
        results: [
          {
            id: sale.id,
            status: 'rejected',
            code: 'invalid',
            reason: 'body.currency is CNY, but store S001 trades in HKD',
          },
        ],
      },
    ]);
    // And back to CNY: the same document, sent again, is stored.
    forge = null;
    expect(statuses((await h.push(t.token, [sale])).body)).toEqual(['accepted']);
    expect(await h.storage.countDocuments()).toBe(2);
  });

  it('is answered 503, nothing stored, when the token now stands for another terminal', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    forge = (found) => found && { ...found, terminal: { ...found.terminal, id: 'another' } };
    const res = await h.push(t.token, [h.sale(t, 2)]);
    expect([res.status, (res.body as { error: { code: string } }).error.code]).toEqual([
      503,
      'unavailable',
    ]);
    expect(await h.storage.countDocuments()).toBe(1);
  });
});

describe('RecentTerminals', () => {
  it('keeps the most recently passed tokens, up to its size', () => {
    const recent = new RecentTerminals(2);
    const auth = (n: number) => ({
      storeId: 's',
      storeCode: 'S',
      terminalId: `t${n}`,
      currency: 'CNY' as const,
    });
    recent.remember('a', auth(1));
    recent.remember('b', auth(2));
    recent.remember('a', auth(1)); // passed again: now the newest
    recent.remember('c', auth(3));
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toEqual(auth(1));
    expect(recent.get('c')).toEqual(auth(3));
    recent.forget('a');
    expect(recent.get('a')).toBeUndefined();
  });
});
