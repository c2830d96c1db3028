// The text of each document in a push body exactly as the till sent it, so
// head office can store that text instead of serialising the parsed document
// again. On the ingest bench JSON.stringify of a checked sale took ~5.8 µs and
// this scan ~3.3 µs a sale (microbenchmark), and the text as sent is the
// ASCII-only JSON a till writes (asciiJson), which the hash, the copy to the
// request thread and the database driver's UTF-8 encoding handle faster than a
// string with Chinese characters.
//
// The scan is only run on a text that JSON.parse has accepted, so it does not
// validate: it follows strings (with their escapes) and brackets, and returns
// null wherever the text is not shaped as it expects.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** From the opening quote of a string to just after its closing quote; -1 if it has none. */
function skipString(text: string, i: number): number {
  const n = text.length;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** From the first character of a value to just after it; -1 if the text ends first. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) return i;
    i++;
  }
  return i;
}

/** The texts of an array's elements; `i` at its '['. Returns them and the index after ']'. */
function elementTexts(text: string, i: number): { texts: string[]; end: number } | null {
  const texts: string[] = [];
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return { texts, end: i + 1 };
  for (;;) {
    const end = skipValue(text, i);
    if (end < 0) return null;
    texts.push(text.slice(i, end));
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) return { texts, end: i + 1 };
    if (c !== COMMA) return null;
    i = skipSpace(text, i + 1);
  }
}

/**
 * The text of each element of the top-level object's `documents` array, in
 * order, exactly as it stands in `text` (a JSON text that JSON.parse accepted).
 * As with JSON.parse, a key given twice counts the last time, and a key may be
 * written with escapes. Null when the text is not an object or its `documents`
 * is not an array.
 */
export function documentTexts(text: string): string[] | null {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return null;
  let found: string[] | null = null;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return null;
    const quoted = text.slice(i, keyEnd);
    const key = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return null;
    i = skipSpace(text, i + 1);
    if (key === 'documents' && text.charCodeAt(i) === OPEN_BRACKET) {
      const elements = elementTexts(text, i);
      if (!elements) return null;
      found = elements.texts;
      i = elements.end;
    } else {
      // A later `documents` that is not an array is the one JSON.parse keeps.
      if (key === 'documents') found = null;
      const end = skipValue(text, i);
      if (end < 0) return null;
      i = end;
    }
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return found;
    if (c !== COMMA) return null;
    i = skipSpace(text, i + 1);
  }
}
