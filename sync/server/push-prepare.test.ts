import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiJson,
  documentEnvelopeSchema,
  parseDocumentBody,
  type DocumentEnvelope,
} from '../protocol';
import { fixtureSale, saleDocument } from '../protocol/testing/sale-fixtures';
import { sha256Hex, toIngestDocument } from './effects';
import { preparePush, preparePushBody, refuseOtherCurrency, type PushAuth } from './push-prepare';

const auth: PushAuth = {
  storeId: 'store-1',
  storeCode: 'S001',
  terminalId: 'term-1',
  currency: 'CNY',
};

function sale(sequence: number, lines?: number): DocumentEnvelope {
  return saleDocument(
    fixtureSale({ storeId: auth.storeId, terminalId: auth.terminalId, sequence, lines }),
  );
}

/** A copy of a sale document with its body's totals replaced by `edit(totals)`. */
function withTotals(
  doc: DocumentEnvelope,
  edit: (totals: Record<string, unknown>) => unknown,
): DocumentEnvelope {
  const body = JSON.parse(JSON.stringify(doc.body)) as Record<string, unknown>;
  return { ...doc, body: { ...body, totals: edit(body.totals as Record<string, unknown>) } };
}

/** preparePush of one document, as the wire would bring it (JSON round trip). */
function prepareOne(doc: DocumentEnvelope) {
  const prepared = preparePush(JSON.parse(JSON.stringify({ documents: [doc] })), auth);
  return { result: prepared.results[0], stored: prepared.toStore[0]?.doc };
}

describe('preparePush of sales (totals checked by recomputing them)', () => {
  it('stores exactly the JSON a full schema check of the sale would give', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 40 }),
        (seq, lines) => {
          const doc = sale(seq, lines);
          const { result, stored } = prepareOne(doc);
          expect(result).toBeNull();
          const full = parseDocumentBody(documentEnvelopeSchema.parse(doc));
          if (!full.ok) throw new Error(full.reason);
          expect(stored?.json).toBe(toIngestDocument(full.document).json);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects wrong totals as totals_mismatch, naming the figure', () => {
    const doc = withTotals(sale(1), (t) => ({ ...t, total: (t.total as number) + 1 }));
    expect(prepareOne(doc).result).toMatchObject({
      status: 'rejected',
      code: 'totals_mismatch',
      reason: expect.stringMatching(/^totals\.total: sale says \d+, recomputed \d+$/),
    });
  });

  it('rejects malformed totals as invalid, with the schema reason', () => {
    const cases: [string, (t: Record<string, unknown>) => unknown, RegExp][] = [
      ['a figure as text', (t) => ({ ...t, total: String(t.total) }), /^body\.totals\.total: /],
      ['an unknown field', (t) => ({ ...t, bonus: 1 }), /^body\.totals: Unrecognized key/],
      ['no totals', () => undefined, /^body\.totals: /],
      ['totals not an object', () => [1, 2], /^body\.totals: /],
      [
        'a line with an unknown field',
        (t) => ({ ...t, lines: (t.lines as object[]).map((l) => ({ ...l, x: 0 })) }),
        /^body\.totals\.lines\.0: Unrecognized key/,
      ],
    ];
    for (const [what, edit, reason] of cases) {
      const { result, stored } = prepareOne(withTotals(sale(3), edit));
      expect(result, what).toMatchObject({
        status: 'rejected',
        code: 'invalid',
        reason: expect.stringMatching(reason),
      });
      expect(stored, what).toBeUndefined();
    }
  });

  it('names another invalid field even when the totals are wrong too', () => {
    const doc = withTotals(sale(2), (t) => ({ ...t, total: 1 }));
    const bad = { ...doc, body: { ...(doc.body as object), cashierId: '' } };
    expect(prepareOne(bad).result).toMatchObject({
      code: 'invalid',
      reason: expect.stringMatching(/^body\.cashierId: /),
    });
  });

  it('still refuses a field the sale schema does not know, outside the totals', () => {
    const doc = sale(4);
    const bad = { ...doc, body: { ...(doc.body as object), loyaltyBonus: 5 } };
    expect(prepareOne(bad).result).toMatchObject({
      code: 'invalid',
      reason: expect.stringMatching(/^body: Unrecognized key.*loyaltyBonus/),
    });
  });

  it('rejects a sale whose change is wrong as totals_mismatch', () => {
    const doc = sale(5);
    const bad = { ...doc, body: { ...(doc.body as object), changeMinor: 12345 } };
    expect(prepareOne(bad).result).toMatchObject({
      code: 'totals_mismatch',
      reason: expect.stringMatching(/^changeMinor: sale says 12345/),
    });
  });
});

describe('refuseOtherCurrency (the store currency, judged after the token check)', () => {
  it("rejects a document in another currency than its store's as invalid, and keeps the rest", () => {
    const docs = [sale(1), sale(2), sale(3)];
    const prepared = preparePush(JSON.parse(JSON.stringify({ documents: docs })), auth);
    // Preparing records each document's currency without judging it.
    expect(prepared.toStore.map((x) => x.currency)).toEqual(['CNY', 'CNY', 'CNY']);
    expect(refuseOtherCurrency(prepared, auth)).toEqual(prepared);

    const hkdStore = { ...auth, currency: 'HKD' as const };
    const judged = refuseOtherCurrency(prepared, hkdStore);
    expect(judged.results).toEqual([
      {
        id: docs[0]?.id,
        status: 'rejected',
        code: 'invalid',
        reason: 'body.currency is CNY, but store S001 trades in HKD',
      },
      expect.objectContaining({ id: docs[1]?.id, code: 'invalid' }),
      expect.objectContaining({ id: docs[2]?.id, code: 'invalid' }),
    ]);
    expect(judged.toStore).toEqual([]);

    const mixed = {
      ...prepared,
      toStore: prepared.toStore.map((x) =>
        x.index === 1 ? { ...x, currency: 'HKD' as const } : x,
      ),
    };
    const some = refuseOtherCurrency(mixed, hkdStore);
    expect(some.results.map((r) => r?.status ?? 'to store')).toEqual([
      'rejected',
      'to store',
      'rejected',
    ]);
    expect(some.toStore.map((x) => x.doc.id)).toEqual([docs[1]?.id]);
    // What was prepared is left as it was.
    expect(prepared.results).toEqual([null, null, null]);
  });
});

describe('preparePushBody (the body as it came off the socket)', () => {
  const bytes = (text: string): Uint8Array => Buffer.from(text);

  it('stores each document as the till sent it, which parses to the checked document', () => {
    const docs = [sale(10, 3), sale(11, 7), sale(12, 1)];
    const prepared = preparePushBody(bytes(asciiJson({ documents: docs })), auth);
    expect(prepared.results).toEqual([null, null, null]);
    prepared.toStore.forEach(({ index, doc: stored }) => {
      const sent = docs[index] as DocumentEnvelope;
      expect(stored.json).toBe(asciiJson(sent));
      expect(stored.contentHash).toBe(sha256Hex(asciiJson(sent)));
      const full = parseDocumentBody(documentEnvelopeSchema.parse(sent));
      if (!full.ok) throw new Error(full.reason);
      expect(JSON.parse(stored.json)).toEqual(full.document);
      // The same effects as a document stored in JSON.stringify's form.
      expect(stored.effects).toEqual(toIngestDocument(full.document).effects);
    });
  });

  it('keeps spacing, key order and escapes as sent, and skips refused documents', () => {
    const [a, b, c] = [sale(20), sale(21), sale(22)];
    const wrong = withTotals(b, (t) => ({ ...t, total: (t.total as number) + 1 }));
    const reordered = Object.fromEntries(Object.entries(c).reverse());
    const text = `{ "documents": [\n  ${JSON.stringify(a, null, 1)},\n${JSON.stringify(wrong)} , ${asciiJson(reordered)} ] }`;
    const prepared = preparePushBody(bytes(text), auth);
    expect(prepared.results.map((r) => r?.status ?? null)).toEqual([null, 'rejected', null]);
    expect(prepared.toStore.map((x) => [x.index, x.doc.json])).toEqual([
      [0, JSON.stringify(a, null, 1)],
      [2, asciiJson(reordered)],
    ]);
  });

  it('takes the last of a repeated documents key, as the parser does', () => {
    const [a, b] = [sale(30), sale(31)];
    const text = `{"documents":[${asciiJson(a)}],"documents":[${asciiJson(b)}]}`;
    const prepared = preparePushBody(bytes(text), auth);
    expect(prepared.toStore.map((x) => x.doc.json)).toEqual([asciiJson(b)]);
  });
});
