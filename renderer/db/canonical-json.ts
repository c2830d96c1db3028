// Canonical JSON for hashing: object keys sorted (by UTF-16 code unit, as
// Array.prototype.sort does), no whitespace, `undefined` members dropped as
// JSON.stringify does. Two structurally equal values always give the same string,
// whatever order their keys were written in — head office must reproduce it exactly.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      const v = source[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Cannot hash a non-finite number (${value})`);
  }
  return value;
}
