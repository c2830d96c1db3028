// Re-enrolment over HTTP: head office issues a new code for an existing terminal
// (POST /api/v1/admin/terminals/{id}/enrolment-code), the terminal's old token is
// refused at once, and the till that is that terminal enrols again with the code
// (POST /api/v1/enrol naming its terminalId) and sends the documents that waited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolResponseSchema } from '../protocol';
import { reissueEnrolmentCode, revokeTerminal } from './admin-service';
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

const enrol = (payload: { code: string; deviceName?: string; terminalId?: string }) =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/enrol',
    payload: { deviceName: 'Front counter', ...payload },
  });

const reissueOverHttp = (ref: string, authorization = `Bearer ${ADMIN_TOKEN}`) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/admin/terminals/${encodeURIComponent(ref)}/enrolment-code`,
    headers: { authorization },
  });

const asTill = (token: string, url: string) =>
  h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('a terminal given a new enrolment code', () => {
  it('refuses the old token at once; the till enrols again as the same terminal and its push goes in', async () => {
    expect(statuses((await h.push(t.token, [h.sale(t, 1)])).body)).toEqual(['accepted']);
    const issued = await reissueOverHttp(t.terminalId);
    expect(issued.statusCode).toBe(200);
    const answer = issued.json();
    expect(answer).toEqual({
      terminalId: t.terminalId,
      storeId: t.storeId,
      storeCode: 'S001',
      terminalCode: 'T01',
      enrolmentCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    });

    const refused = await h.push(t.token, [h.sale(t, 2)]);
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([
      401,
      'unauthorized',
    ]);
    expect((await asTill(t.token, '/api/v1/pull/products')).statusCode).toBe(401);
    expect((await asTill(t.token, '/api/v1/terminal')).statusCode).toBe(401);

    const again = await enrol({ code: answer.enrolmentCode, terminalId: t.terminalId });
    expect(again.statusCode).toBe(201);
    const enrolled = enrolResponseSchema.parse(again.json());
    expect(enrolled).toMatchObject({
      terminalId: t.terminalId,
      storeId: t.storeId,
      storeCode: 'S001',
      terminalCode: 'T01',
    });
    expect(enrolled.token).not.toBe(t.token);
    const waited = [h.sale(t, 2), h.sale(t, 3)];
    expect(statuses((await h.push(enrolled.token, waited)).body)).toEqual(['accepted', 'accepted']);
    expect((await asTill(enrolled.token, '/api/v1/terminal')).json()).toMatchObject({
      terminalId: t.terminalId,
      lastSequence: 3,
    });
    expect((await h.push(t.token, [h.sale(t, 4)])).status).toBe(401);
    expect(await h.storage.countDocuments()).toBe(3);
    expect(await h.storage.listTerminals()).toHaveLength(1);
  });

  it('lets a revoked terminal in again only through the new code', async () => {
    await h.push(t.token, [h.sale(t, 1)]);
    await revokeTerminal(h.storage, 'S001/T01', NOW);
    expect((await h.push(t.token, [h.sale(t, 2)])).status).toBe(403);

    const issued = await reissueOverHttp('S001/T01');
    expect(issued.statusCode).toBe(200);
    expect(issued.json().terminalId).toBe(t.terminalId);
    // The revoked token does not come back with the revocation lifted.
    expect((await h.push(t.token, [h.sale(t, 2)])).status).toBe(401);

    const again = await enrol({ code: issued.json().enrolmentCode, terminalId: t.terminalId });
    expect(again.statusCode).toBe(201);
    expect(statuses((await h.push(again.json().token, [h.sale(t, 2)])).body)).toEqual(['accepted']);
    expect((await h.storage.listTerminals())[0]).toMatchObject({
      id: t.terminalId,
      revokedAt: null,
    });
  });

  it('refuses the code to a till that names another terminal, and the code still enrols its own till', async () => {
    const other = await h.enrolTerminal('T02');
    const { enrolmentCode } = await reissueEnrolmentCode(h.storage, 'S001/T02');
    const wrong = await enrol({ code: enrolmentCode, terminalId: t.terminalId });
    expect([wrong.statusCode, wrong.json().error]).toEqual([
      409,
      {
        code: 'enrolment_code_other_terminal',
        message:
          'This code is for terminal S001-T02; this till is terminal S001-T01. Ask head office for a code for this till: npm run ho -- reissue-code S001/T01',
      },
    ]);
    const stranger = await enrol({ code: enrolmentCode, terminalId: 'not-a-terminal-here' });
    expect([stranger.statusCode, stranger.json().error]).toEqual([
      409,
      {
        code: 'enrolment_code_other_terminal',
        message:
          'This code is for terminal S001-T02; this till is terminal not-a-terminal-here, which this head office does not know. Check that the till is set up with the right head office',
      },
    ]);
    // T01's own token was never touched.
    expect(statuses((await h.push(t.token, [h.sale(t, 1)])).body)).toEqual(['accepted']);
    const right = await enrol({ code: enrolmentCode, terminalId: other.terminalId });
    expect([right.statusCode, right.json().terminalId]).toEqual([201, other.terminalId]);
  });

  it('refuses the code of a terminal with stored documents to a till that names none, and changes nothing', async () => {
    await h.push(t.token, [h.sale(t, 1), h.sale(t, 2)]);
    const { enrolmentCode } = await reissueEnrolmentCode(h.storage, t.terminalId);
    const terminalsBefore = await h.storage.listTerminals();
    const fresh = await enrol({ code: enrolmentCode, deviceName: 'New tablet' });
    expect([fresh.statusCode, fresh.json().error]).toEqual([
      409,
      {
        code: 'terminal_has_documents',
        message:
          'Head office already holds 2 documents of terminal S001-T01; only that till may enrol with this code. Give a new till a new terminal: npm run ho -- create-terminal S001 <TERMINAL_CODE>',
      },
    ]);
    expect(await h.storage.listTerminals()).toEqual(terminalsBefore);
    expect(await h.storage.countDocuments()).toBe(2);
    const own = await enrol({ code: enrolmentCode, terminalId: t.terminalId });
    expect(own.statusCode).toBe(201);
  });

  it('enrols a till that names no terminal when head office holds nothing of it (a first enrolment whose answer was lost)', async () => {
    const { enrolmentCode } = await reissueEnrolmentCode(h.storage, t.terminalId);
    const res = await enrol({ code: enrolmentCode });
    expect([res.statusCode, res.json().terminalId]).toEqual([201, t.terminalId]);
  });

  it('refuses the code it replaced as unknown', async () => {
    const first = await reissueEnrolmentCode(h.storage, t.terminalId);
    await reissueEnrolmentCode(h.storage, t.terminalId);
    const res = await enrol({ code: first.enrolmentCode, terminalId: t.terminalId });
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'enrolment_code_unknown']);
  });
});

describe('POST /api/v1/admin/terminals/{id}/enrolment-code', () => {
  it('answers 404 for an unknown terminal id, store or terminal code', async () => {
    for (const [ref, message] of [
      ['no-such-terminal', 'No terminal no-such-terminal'],
      ['S001/T99', 'Store S001 has no terminal T99'],
      ['S999/T01', 'No store with id or code "S999"'],
    ] as const) {
      const res = await reissueOverHttp(ref);
      expect([res.statusCode, res.json().error]).toEqual([404, { code: 'not_found', message }]);
    }
  });

  it('answers 401 without the admin token or with a terminal token, and the till keeps working', async () => {
    for (const authorization of ['', 'Bearer wrong-token', `Bearer ${t.token}`]) {
      const res = await reissueOverHttp(t.terminalId, authorization);
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'unauthorized']);
    }
    expect(statuses((await h.push(t.token, [h.sale(t, 1)])).body)).toEqual(['accepted']);
  });
});
