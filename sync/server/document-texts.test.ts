import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiJson } from '../protocol';
import { documentTexts } from './document-texts';

/** JSON values whose text round-trips (no -0, which JSON writes as 0). */
const jsonValue = fc
  .jsonValue({ noUnicodeString: false })
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** Strings full of what a scanner can trip on. */
const trickyString = fc
  .array(fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'a', '文', '\n', '\u0000'), {
    maxLength: 12,
  })
  .map((cs) => cs.join(''));

describe('documentTexts', () => {
  it('gives each element of documents exactly as it stands in the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(jsonValue, trickyString), { maxLength: 8 }),
        fc.dictionary(
          fc.string().filter((k) => k !== 'documents'),
          jsonValue,
          { maxKeys: 3 },
        ),
        fc.constantFrom(undefined, 0, 2, '\t'),
        fc.boolean(),
        fc.boolean(),
        (documents, others, indent, ascii, documentsFirst) => {
          const value = documentsFirst ? { documents, ...others } : { ...others, documents };
          const text = ascii ? asciiJson(value) : JSON.stringify(value, null, indent);
          const texts = documentTexts(text);
          expect(texts).not.toBeNull();
          expect(texts?.map((t) => JSON.parse(t) as unknown)).toEqual(documents);
          // Each is a slice of the text itself, in order.
          let from = 0;
          for (const t of texts ?? []) {
            const at = text.indexOf(t, from);
            expect(at).toBeGreaterThanOrEqual(from);
            from = at + t.length;
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the text of each document as sent, spacing and escapes included', () => {
    const text =
      ' { "documents" : [ {"id":"a" , "name":"\\u5496\\u5561 \\"x\\" \\\\"} ,\n\t{"id":"b","n":[1, {"x":"]}"}]} ] } ';
    expect(documentTexts(text)).toEqual([
      '{"id":"a" , "name":"\\u5496\\u5561 \\"x\\" \\\\"}',
      '{"id":"b","n":[1, {"x":"]}"}]}',
    ]);
  });

  it('counts a key given twice the last time, as JSON.parse does', () => {
    expect(documentTexts('{"documents":[1,2],"documents":[3]}')).toEqual(['3']);
    expect(documentTexts('{"documents":[1,2],"documents":5}')).toBeNull();
    expect(documentTexts('{"documents":5,"documents":[{"a":1}]}')).toEqual(['{"a":1}']);
  });

  it('reads a key written with escapes', () => {
    expect(documentTexts('{"docu\\u006dents":[true, null, -1.5e3]}')).toEqual([
      'true',
      'null',
      '-1.5e3',
    ]);
  });

  it('is null when there is no documents array', () => {
    for (const text of [
      '[]',
      '{}',
      '"documents"',
      '{"other":[1]}',
      '{"documents":{"a":[1]}}',
      'null',
    ]) {
      expect(documentTexts(text)).toBeNull();
    }
    expect(documentTexts('{"documents":[]}')).toEqual([]);
  });

  it('is null, not wrong, for text that was never valid JSON', () => {
    for (const text of [
      '{"documents":[1,2',
      '{"documents":["a]}',
      '{"documents":[{"a":1}',
      '{documents:[1]}',
      '{"documents" [1]}',
      '{"documents":[1 2]}',
    ]) {
      expect(documentTexts(text)).toBeNull();
    }
  });
});
