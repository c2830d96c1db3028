// A terminal numbers its DOCUMENTS (envelope `sequence`, every type) and its sale
// RECEIPTS (sale `body.sequence`, sales only) with two counters. Head office keeps the
// document sequence unique per terminal and accepts sales whose receipt sequence
// differs from it — which is every sale after the first refund or cash movement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { pushResponseSchema, type DocumentEnvelope, type PushResult } from '../protocol';
import { fixtureSale, saleDocument } from '../protocol/testing/sale-fixtures';
import { openHarness, type Enrolled, type Harness } from './testing/harness';

let h: Harness;
let t: Enrolled;
beforeEach(async () => {
  h = await openHarness();
  t = await h.enrolTerminal('T01');
});
afterEach(async () => {
  await h.close();
});

const CREATED_AT = '2026-11-23T10:15:00.000+08:00';

/** Sale with receipt sequence `receipt`, sent as document number `documentSequence`. */
function sale(receipt: number, documentSequence: number): DocumentEnvelope {
  const body = fixtureSale({ storeId: t.storeId, terminalId: t.terminalId, sequence: receipt });
  return { ...saleDocument(body), sequence: documentSequence };
}

function cashMovement(documentSequence: number): DocumentEnvelope {
  const id = uuidv7();
  return {
    id,
    type: 'cash_movement',
    terminalId: t.terminalId,
    storeId: t.storeId,
    sequence: documentSequence,
    createdAt: CREATED_AT,
    body: {
      id,
      kind: 'float',
      shiftId: 'shift-1',
      cashierId: 'U001',
      createdAt: CREATED_AT,
      currency: 'CNY',
      amountMinor: 20_000,
      reason: 'Opening float',
    },
  };
}

function refund(refundSequence: number, documentSequence: number): DocumentEnvelope {
  const id = uuidv7();
  return {
    id,
    type: 'refund',
    terminalId: t.terminalId,
    storeId: t.storeId,
    sequence: documentSequence,
    createdAt: CREATED_AT,
    body: {
      id,
      originalSaleId: null,
      receiptNumber: `R-S001-T01-${String(refundSequence).padStart(6, '0')}`,
      storeId: t.storeId,
      terminalId: t.terminalId,
      sequence: refundSequence,
      cashierId: 'U001',
      createdAt: CREATED_AT,
      currency: 'CNY',
      lines: [
        {
          lineId: 'L1',
          productId: 'P000001',
          quantity: 1,
          amountMinor: 137,
          taxMinor: 16,
          restock: true,
        },
      ],
      totalMinor: 137,
      taxMinor: 16,
      tenders: [{ kind: 'cash', amountMinor: 137 }],
      reason: 'Damaged',
    },
  };
}

const outcomes = (body: unknown): string[] =>
  pushResponseSchema
    .parse(body)
    .results.map((r: PushResult) =>
      r.status === 'rejected' ? `${r.code}: ${r.reason}` : r.status,
    );

describe('document sequence and receipt sequence', () => {
  it('accepts every sale when cash movements and refunds are interleaved', async () => {
    // Document sequences 1..7; receipts S1..S4 for sales, refund receipt 1.
    const docs = [
      cashMovement(1),
      sale(1, 2),
      sale(2, 3),
      refund(1, 4),
      sale(3, 5),
      cashMovement(6),
      sale(4, 7),
    ];
    const res = await h.push(t.token, docs);
    expect(res.status).toBe(200);
    expect(outcomes(res.body)).toEqual(Array(7).fill('accepted'));
    const totals = await h.storage.saleTotals();
    expect(totals.reduce((n, r) => n + r.salesCount, 0)).toBe(4);
    expect(totals.reduce((n, r) => n + r.refundsCount, 0)).toBe(1);
    expect(await h.storage.countDocuments()).toBe(7);
    // A retry of the whole batch changes nothing.
    expect(outcomes((await h.push(t.token, docs)).body)).toEqual(Array(7).fill('duplicate'));
  });

  it('accepts the same across pushes, in batches the engine would send', async () => {
    expect(outcomes((await h.push(t.token, [sale(1, 1), refund(1, 2)])).body)).toEqual([
      'accepted',
      'accepted',
    ]);
    expect(outcomes((await h.push(t.token, [sale(2, 3), sale(3, 4)])).body)).toEqual([
      'accepted',
      'accepted',
    ]);
  });

  it('still keeps the document sequence unique per terminal', async () => {
    expect(outcomes((await h.push(t.token, [cashMovement(1), sale(1, 2)])).body)).toEqual([
      'accepted',
      'accepted',
    ]);
    // Another sale claiming document number 2: refused, the stored one is not touched.
    const [result] = outcomes((await h.push(t.token, [sale(2, 2)])).body);
    expect(result).toMatch(/^sequence_conflict: Sequence 2 of this terminal is already document/);
    expect(await h.storage.countDocuments()).toBe(2);
  });

  it('still refuses a sale whose body names another id or terminal than its envelope', async () => {
    const doc = sale(1, 1);
    const other = { ...doc, id: uuidv7() };
    expect(outcomes((await h.push(t.token, [other])).body)).toEqual([
      expect.stringMatching(/^invalid: body\.id is /),
    ]);
  });
});

describe('refund and shift-close figures', () => {
  function shiftClose(documentSequence: number, varianceMinor: number): DocumentEnvelope {
    return {
      id: uuidv7(),
      type: 'shift_close',
      terminalId: t.terminalId,
      storeId: t.storeId,
      sequence: documentSequence,
      createdAt: CREATED_AT,
      body: {
        shiftId: 'shift-1',
        openedAt: '2026-11-23T08:00:00.000+08:00',
        closedAt: CREATED_AT,
        openedBy: 'U001',
        closedBy: 'U002',
        currency: 'CNY',
        expectedCashMinor: 50_000,
        countedCashMinor: 49_800,
        varianceMinor,
        salesCount: 3,
        salesTotalMinor: 30_000,
        refundsCount: 0,
        refundsTotalMinor: 0,
      },
    };
  }

  it('refuses a refund whose total its lines or tenders contradict, as totals_mismatch, and keeps the rest', async () => {
    const inflated = refund(1, 1) as DocumentEnvelope & { body: { totalMinor: number } };
    inflated.body.totalMinor = 1_000_000;
    const res = await h.push(t.token, [inflated, refund(2, 2), shiftClose(3, -200)]);
    expect(outcomes(res.body)).toEqual([
      'totals_mismatch: totalMinor is 1000000 but its lines add up to 137',
      'accepted',
      'accepted',
    ]);
    const totals = await h.storage.saleTotals();
    expect(totals.reduce((n, r) => n + r.refundsTotalMinor, 0)).toBe(137);
  });

  it('refuses a shift close whose variance is not counted minus expected', async () => {
    const res = await h.push(t.token, [shiftClose(1, 200)]);
    expect(outcomes(res.body)).toEqual([
      'totals_mismatch: varianceMinor is 200 but counted 49800 − expected 50000 is -200',
    ]);
    expect(await h.storage.countDocuments()).toBe(0);
  });
});
