// Push preparation in worker threads answers exactly as on the request thread,
// refusals included, and a worker that dies fails only its own pushes.
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureSale, saleDocument } from '../protocol/testing/sale-fixtures';
import { HttpError } from './http-errors';
import { inlinePreparer, workerPreparer, type PushPreparer } from './ingest-pool';
import type { PushAuth } from './push-prepare';

const AUTH: PushAuth = { storeId: 'store-1', storeCode: 'S001', terminalId: 'term-1' };

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
    const inline = await inlinePreparer().prepare(text, AUTH);
    expect(inline.toStore).toHaveLength(4);
    expect(await workers.prepare(text, AUTH)).toEqual(inline);

    const tampered = body([5], true);
    const answer = await workers.prepare(tampered, AUTH);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', code: 'totals_mismatch' });
    expect(answer).toEqual(await inlinePreparer().prepare(tampered, AUTH));
  });

  it('spreads concurrent pushes and answers each with its own batch', async () => {
    const workers = pool(2);
    const texts = Array.from({ length: 8 }, (_, i) => body([i * 10 + 1, i * 10 + 2]));
    const answers = await Promise.all(texts.map((t) => workers.prepare(t, AUTH)));
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
      const expected = await refusal(inlinePreparer().prepare(text, AUTH));
      expect(await refusal(workers.prepare(text, AUTH))).toEqual(expected);
    }
    expect((await refusal(workers.prepare('not json', AUTH))).code).toBe('malformed_json');
  });

  it('fails only the pushes of a worker that dies, and replaces it', async () => {
    const workers = pool(1, new URL('./testing/crashing-ingest-worker.ts', import.meta.url));
    expect((await workers.prepare(body([6]), AUTH)).toStore).toHaveLength(1);
    await expect(workers.prepare('crash', AUTH)).rejects.toThrow(/exited with code 3/);
    const answer = await workers.prepare(body([7]), AUTH);
    expect(answer.toStore.map((x) => x.doc.sequence)).toEqual([7]);
  });

  it('refuses a pool size that is not a whole number ≥ 1', () => {
    expect(() => workerPreparer(0)).toThrow(/whole number/);
    expect(() => workerPreparer(1.5)).toThrow(/whole number/);
  });
});

describe('a worker that cannot start', () => {
  it('fails pushes with an error instead of hanging, and is not restarted in a tight loop', async () => {
    const workers = pool(1, new URL('./testing/no-such-worker.ts', import.meta.url));
    await expect(workers.prepare('{}', AUTH)).rejects.toThrow();
    // While it waits to be restarted, pushes are refused at once (answered 500, retried by the till).
    await expect(workers.prepare('{}', AUTH)).rejects.toThrow(/restarting/);
  });
});
