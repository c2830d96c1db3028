// Canonical JSON: object keys sorted, no whitespace, undefined members left
// out. Head office compares documents by the hash of this form, so the same
// document sent again with its keys in another order is a duplicate, not a
// conflict.

/** Nesting deeper than this is refused (a cycle, or a body no till would send). */
const MAX_DEPTH = 64;

/** Serialise a JSON value canonically. Throws on values JSON cannot carry (functions, NaN, cycles). */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

// String concatenation and plain loops: head office runs this on every pushed
// document, and it was the largest cost of ingest when written with map/join.
function write(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (depth >= MAX_DEPTH)
        throw new TypeError(`canonicalJson: nested deeper than ${MAX_DEPTH} (a cycle?)`);
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const v: unknown = value[i];
          out += v === undefined ? 'null' : write(v, depth + 1);
        }
        return out + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(k) + ':' + write(v, depth + 1);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  }
}
