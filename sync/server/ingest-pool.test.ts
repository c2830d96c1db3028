// Push preparation in worker threads answers exactly as on the request thread,
// refusals included, and a worker that dies fails only its own pushes.
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureSale, saleDocument } from '../protocol/testing/sale-fixtures';
import { HttpError } from './http-errors';
import {
  inlinePreparer,
  ownBuffer,
  packPush,
  unpackPush,
  workerPreparer,
  type PushPreparer,
} from './ingest-pool';
import type { PreparedPush, PushAuth } from './push-prepare';
import type { IngestDocument } from './storage/port';

const AUTH: PushAuth = {
  storeId: 'store-1',
  storeCode: 'S001',
  terminalId: 'term-1',
  currency: 'CNY',
};

/** A push body's bytes, as the request thread hands them over (each call a fresh copy: a pool may take them). */
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

function body(sequences: number[], tamper = false): string {
  const documents = sequences.map((sequence) => {
    const doc = saleDocument(
      fixtureSale({ storeId: AUTH.storeId, terminalId: AUTH.terminalId, sequence }),
    );
    if (!tamper) return doc;
    const body = doc.body as { totals: { total: number } };
    return { ...doc, body: { ...body, totals: { ...body.totals, total: body.totals.total + 1 } } };
  });
  return JSON.stringify({ documents });
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

let pools: PushPreparer[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});
function pool(...args: Parameters<typeof workerPreparer>): PushPreparer {
  const p = workerPreparer(...args);
  pools.push(p);
  return p;
}

describe('workerPreparer', () => {
  it('prepares a batch exactly as the request thread does, rejections included', async () => {
    const workers = pool(2);
    const text = body([1, 2, 3, 4]);
    const inline = await inlinePreparer().prepare(bytes(text), AUTH);
    expect(inline.toStore).toHaveLength(4);
    expect(await workers.prepare(bytes(text), AUTH)).toEqual(inline);

    const tampered = body([5], true);
    const answer = await workers.prepare(bytes(tampered), AUTH);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', code: 'totals_mismatch' });
    expect(answer).toEqual(await inlinePreparer().prepare(bytes(tampered), AUTH));
  });

  it('spreads concurrent pushes and answers each with its own batch', async () => {
    const workers = pool(2);
    const texts = Array.from({ length: 8 }, (_, i) => body([i * 10 + 1, i * 10 + 2]));
    const answers = await Promise.all(texts.map((t) => workers.prepare(bytes(t), AUTH)));
    answers.forEach((a, i) =>
      expect(a.toStore.map((x) => x.doc.sequence)).toEqual([i * 10 + 1, i * 10 + 2]),
    );
  });

  it('refuses a whole request with the same HttpError as the request thread', async () => {
    const workers = pool(1);
    const cases = [
      'not json',
      '{"__proto__":{"x":1},"documents":[]}',
      '{"documents":[]}',
      body([1]).replaceAll(AUTH.storeId, 'store-2'),
    ];
    for (const text of cases) {
      const expected = await refusal(inlinePreparer().prepare(bytes(text), AUTH));
      expect(await refusal(workers.prepare(bytes(text), AUTH))).toEqual(expected);
    }
    expect((await refusal(workers.prepare(bytes('not json'), AUTH))).code).toBe('malformed_json');
  });

  it('fails only the pushes of a worker that dies, and replaces it', async () => {
    const workers = pool(1, new URL('./testing/crashing-ingest-worker.ts', import.meta.url));
    expect((await workers.prepare(bytes(body([6])), AUTH)).toStore).toHaveLength(1);
    await expect(workers.prepare(bytes('crash'), AUTH)).rejects.toThrow(/exited with code 3/);
    const answer = await workers.prepare(bytes(body([7])), AUTH);
    expect(answer.toStore.map((x) => x.doc.sequence)).toEqual([7]);
  });

  it('moves a large body to the worker without copying it, and copies one from the shared Buffer pool', async () => {
    const workers = pool(1);
    const large = bytes(body([8, 9, 10, 11, 12, 13, 14, 15]));
    expect(large.byteLength).toBeGreaterThan(Buffer.poolSize);
    expect((await workers.prepare(large, AUTH)).toStore).toHaveLength(8);
    // Transferred: the request thread's copy is gone.
    expect(large.byteLength).toBe(0);

    // A small body is a view into a buffer other data shares (Node's pool): moving that
    // buffer would take the other data with it.
    const shared = Buffer.from('{"documents":[]}still here');
    const small = shared.subarray(0, 16);
    const neighbour = shared.subarray(16);
    expect((await refusal(workers.prepare(small, AUTH))).code).toBe('invalid_body');
    expect(neighbour.toString()).toBe('still here');
    expect(small.toString()).toBe('{"documents":[]}');
  });

  it('refuses a pool size that is not a whole number ≥ 1', () => {
    expect(() => workerPreparer(0)).toThrow(/whole number/);
    expect(() => workerPreparer(1.5)).toThrow(/whole number/);
  });
});

describe('packPush / unpackPush', () => {
  it('gives back the prepared push: stock moves, totals or none, and rejections', () => {
    const doc = (id: string, effects: IngestDocument['effects']): IngestDocument => ({
      id,
      type: 'sale',
      storeId: 'store-1',
      terminalId: 'term-1',
      sequence: 7,
      createdAt: '2026-11-23T10:15:00.000+08:00',
      json: '{"商品":"可乐"}',
      contentHash: 'ab'.repeat(32),
      effects,
    });
    const totals = {
      day: '2026-11-23',
      currency: 'CNY' as const,
      salesCount: 1,
      salesTotalMinor: 3640,
      salesTaxMinor: 419,
      refundsCount: 0,
      refundsTotalMinor: 0,
    };
    const prepared: PreparedPush = {
      results: [
        null,
        { id: 'x', status: 'rejected', code: 'invalid', reason: 'body: no' },
        null,
        null,
      ],
      toStore: [
        {
          index: 0,
          currency: 'CNY',
          doc: doc('a', {
            stock: [
              { productId: 'P1', delta: -2 },
              { productId: 'P2', delta: 5 },
            ],
            totals,
            loyalty: { customerId: 'C1', points: 36 },
          }),
        },
        { index: 2, currency: 'CNY', doc: doc('b', { stock: [], totals: null, loyalty: null }) },
        {
          index: 3,
          // As the till sent it: judged on the request thread (refuseOtherCurrency).
          currency: 'HKD',
          doc: doc('c', { stock: [{ productId: 'P3', delta: 1 }], totals: null, loyalty: null }),
        },
      ],
    };
    const packed = packPush(prepared);
    expect(packed.rows.every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    expect(unpackPush(structuredClone(packed))).toEqual(prepared);
    expect(unpackPush(packPush({ results: [], toStore: [] }))).toEqual({
      results: [],
      toStore: [],
    });
  });
});

describe('ownBuffer', () => {
  it('keeps bytes that are alone in their ArrayBuffer and copies a view into a larger one', () => {
    const alone = new Uint8Array([1, 2, 3]);
    expect(ownBuffer(alone).buffer).toBe(alone.buffer);
    const view = new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4);
    const own = ownBuffer(view);
    expect(own.buffer).not.toBe(view.buffer);
    expect([...own]).toEqual([1, 2, 3]);
    expect(own.buffer.byteLength).toBe(3);
  });
});

describe('inlinePreparer', () => {
  it('reads only the bytes of its view, decoding UTF-8', async () => {
    const text = body([11]);
    const framed = Buffer.from(`xx${text}yy`, 'utf8');
    const view = framed.subarray(2, framed.byteLength - 2);
    const answer = await inlinePreparer().prepare(view, AUTH);
    expect(answer.toStore.map((x) => x.doc.sequence)).toEqual([11]);
  });
});

describe('a worker that cannot start', () => {
  it('fails pushes with an error instead of hanging, and is not restarted in a tight loop', async () => {
    const workers = pool(1, new URL('./testing/no-such-worker.ts', import.meta.url));
    await expect(workers.prepare(bytes('{}'), AUTH)).rejects.toThrow();
    // While it waits to be restarted, pushes are refused at once (answered 500, retried by the till).
    await expect(workers.prepare(bytes('{}'), AUTH)).rejects.toThrow(/restarting/);
  });
});
