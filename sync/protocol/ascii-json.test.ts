import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json';

describe('asciiJson', () => {
  it('writes Chinese names and characters outside the BMP as escapes', () => {
    expect(asciiJson({ name: '可乐', note: '🧾' })).toBe(
      '{"name":"\\u53ef\\u4e50","note":"\\ud83e\\uddfe"}',
    );
  });

  it('is ASCII and parses back to what JSON.stringify gives, for any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ depthSize: 'small' }),
        fc.string({ unit: 'binary' }),
        (value, s) => {
          const input = { value, s };
          const out = asciiJson(input);
          expect([...out].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(input)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a value JSON cannot carry, as JSON.stringify gives it nothing to send', () => {
    expect(() => asciiJson(undefined)).toThrow(/no JSON form/);
  });
});
