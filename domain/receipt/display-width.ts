// Column arithmetic for receipts. A thermal printer in Chinese mode prints a double-byte
// GB18030 character in two columns and an ASCII character in one; a browser with a CJK
// monospace font does the same for wide / full-width characters. Every pad, wrap and
// alignment on a receipt goes through these functions so paper and screen line up.

/** East Asian Wide (W) and Fullwidth (F) ranges that a receipt can meet, [from, to] inclusive. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」)
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, CJK compatibility
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // Fullwidth ASCII variants (（）：，０-９)
  [0xffe0, 0xffe6], // Fullwidth signs (￥ ￠)
  [0x20000, 0x3fffd], // CJK Extensions B.. (4-byte GB18030)
];

/** Columns one code point takes: 0 for combining marks and controls, 2 for wide/full-width, else 1. */
export function codePointWidth(cp: number): 0 | 1 | 2 {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x1100) return cp >= 0x300 && cp <= 0x36f ? 0 : 1;
  for (const [from, to] of WIDE_RANGES) {
    if (cp < from) return 1;
    if (cp <= to) return 2;
  }
  return 1;
}

/** Display width of a string in printer columns (CJK and full-width count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += codePointWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/** Pad on the right with spaces to `width` columns (no-op when already as wide or wider). */
export function padEndWidth(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** Pad on the left with spaces to `width` columns. */
export function padStartWidth(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : ' '.repeat(width - w) + s;
}

/** Centre within `width` columns; the odd space goes to the right. */
export function centerWidth(s: string, width: number): string {
  const w = displayWidth(s);
  if (w >= width) return s;
  const left = Math.floor((width - w) / 2);
  return ' '.repeat(left) + s + ' '.repeat(width - w - left);
}

/**
 * Cut to at most `width` columns without splitting a wide character; returns the head
 * and the rest.
 */
export function splitAtWidth(s: string, width: number): [string, string] {
  let w = 0;
  let i = 0;
  for (const ch of s) {
    const cw = codePointWidth(ch.codePointAt(0) ?? 0);
    if (w + cw > width) break;
    w += cw;
    i += ch.length;
  }
  return [s.slice(0, i), s.slice(i)];
}

/**
 * Wrap text to lines of at most `width` columns. Latin words are kept whole where they
 * fit on a line; CJK breaks between any two characters (as Chinese typesetting does);
 * a word longer than a line is broken. Existing newlines are kept. Never returns an
 * empty array (an empty string gives one empty line).
 */
export function wrapWidth(text: string, width: number): string[] {
  if (width < 2) throw new RangeError(`Cannot wrap to ${width} columns`);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    // Tokens: runs of non-space narrow characters, single wide characters, single spaces.
    const tokens =
      paragraph.match(
        /[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]+|\s|./gu,
      ) ?? [];
    let line = '';
    let lineW = 0;
    for (const token of tokens) {
      const tw = displayWidth(token);
      if (lineW + tw <= width) {
        line += token;
        lineW += tw;
        continue;
      }
      if (/^\s$/.test(token)) {
        // A space at a break point disappears.
        out.push(line.trimEnd());
        line = '';
        lineW = 0;
        continue;
      }
      if (line.trim() !== '') out.push(line.trimEnd());
      let rest = token;
      while (displayWidth(rest) > width) {
        const [head, tail] = splitAtWidth(rest, width);
        out.push(head);
        rest = tail;
      }
      line = rest;
      lineW = displayWidth(rest);
    }
    out.push(line.trimEnd());
  }
  return out;
}

/**
 * One line with `left` at the start and `right` flush to the end of `width` columns,
 * at least one space between. When both do not fit, `left` wraps onto lines of its own
 * and the last line carries `right`.
 */
export function leftRight(left: string, right: string, width: number): string[] {
  const rw = displayWidth(right);
  const room = width - rw - 1;
  if (room < 1) return [...wrapWidth(left, width), padStartWidth(right, width)];
  const wrapped = wrapWidth(left, width);
  const last = wrapped[wrapped.length - 1] ?? '';
  if (displayWidth(last) <= room) {
    return [...wrapped.slice(0, -1), padEndWidth(last, width - rw) + right];
  }
  return [...wrapped, padStartWidth(right, width)];
}

/** Fixed-width table row: each cell padded (or cut) to its width, aligned as given. */
export function columnsRow(
  cells: readonly { text: string; width: number; align?: 'left' | 'right' }[],
): string {
  return cells
    .map((c) => {
      const [head] = splitAtWidth(c.text, c.width);
      return c.align === 'right' ? padStartWidth(head, c.width) : padEndWidth(head, c.width);
    })
    .join('');
}
