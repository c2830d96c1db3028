import { describe, expect, it } from 'vitest';
import { fixtureSale, saleDocument } from './testing/sale-fixtures';
import {
  canonicalJson,
  documentEnvelopeSchema,
  parseDocumentBody,
  pullQuerySchema,
  pushRequestSchema,
  saleSchema,
} from './index';

const TERMINAL = '0190a6e2-7c4b-7def-8abc-0123456789ab';
const sale = fixtureSale({ storeId: 'store-1', terminalId: TERMINAL, sequence: 1 });

describe('sale schema', () => {
  it('accepts a sale built by the domain', () => {
    expect(saleSchema.safeParse(sale).success).toBe(true);
  });

  it('refuses a field this version does not know instead of dropping it', () => {
    expect(saleSchema.safeParse({ ...sale, loyalty: 10 }).success).toBe(false);
  });

  it('refuses fractional money and ids that are not UUIDv7', () => {
    expect(saleSchema.safeParse({ ...sale, changeMinor: 1.5 }).success).toBe(false);
    expect(
      saleSchema.safeParse({ ...sale, id: '2f1c0c5e-1b7e-4d7e-9a1c-0a6e2c7b4def' }).success,
    ).toBe(false);
  });
});

describe('documents', () => {
  it('checks the body against its type and the envelope', () => {
    const doc = documentEnvelopeSchema.parse(saleDocument(sale));
    expect(parseDocumentBody(doc).ok).toBe(true);
    const otherTerminal = parseDocumentBody({ ...doc, terminalId: 'another-terminal' });
    expect(otherTerminal).toEqual({
      ok: false,
      reason: expect.stringContaining('body.terminalId'),
    });
    // The envelope's document sequence counts every type; the sale's receipt sequence
    // counts sales only, so after a refund or cash movement they differ and that is fine.
    expect(parseDocumentBody({ ...doc, sequence: 7 }).ok).toBe(true);
    const bad = parseDocumentBody({ ...doc, body: { ...sale, cart: null } });
    expect(bad).toEqual({ ok: false, reason: expect.stringContaining('body.cart') });
  });

  it('limits a push to 500 documents and at least one', () => {
    const d = saleDocument(sale);
    expect(pushRequestSchema.safeParse({ documents: [] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ documents: Array(500).fill(d) }).success).toBe(true);
    expect(pushRequestSchema.safeParse({ documents: Array(501).fill(d) }).success).toBe(false);
  });
});

describe('pull query', () => {
  it('defaults to the start with a page of 500 and caps the page at 5000', () => {
    expect(pullQuerySchema.parse({})).toEqual({ after: 0, limit: 500 });
    expect(pullQuerySchema.parse({ after: '42', limit: '5000' })).toEqual({
      after: 42,
      limit: 5000,
    });
    expect(pullQuerySchema.safeParse({ limit: '5001' }).success).toBe(false);
    expect(pullQuerySchema.safeParse({ after: '-1' }).success).toBe(false);
    expect(pullQuerySchema.safeParse({ after: 'x' }).success).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('is independent of key order and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  });
});

describe('canonicalJson limits', () => {
  it('refuses a cycle instead of overflowing the stack', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(TypeError);
  });

  it('writes the same text as JSON.stringify for already sorted input', () => {
    const v = { a: [1, 'x', true, null, { b: -0.5 }], c: 'é"\n' };
    expect(canonicalJson(v)).toBe(JSON.stringify(v));
  });
});
