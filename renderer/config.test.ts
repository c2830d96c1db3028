import { describe, expect, it } from 'vitest';
import { DEFAULT_TILL_CONFIG, loadTillConfig, parseTillConfig } from './config';

describe('till configuration', () => {
  it('accepts the demo default and fills in the optional settings', () => {
    const { timeZone: _t, receiptColumns: _r, ...minimal } = DEFAULT_TILL_CONFIG;
    const result = parseTillConfig(minimal);
    expect(result).toEqual({
      ok: true,
      config: { ...DEFAULT_TILL_CONFIG, timeZone: 'Asia/Shanghai', receiptColumns: 32 },
    });
  });

  it('names every bad field so staff can fix the file', () => {
    const result = parseTillConfig({
      ...DEFAULT_TILL_CONFIG,
      currency: 'GBP',
      terminal: { id: 'T01', code: 'T 01' },
      pricing: { ...DEFAULT_TILL_CONFIG.pricing, taxRates: [] },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^The till configuration is invalid — /);
    expect(result.error).toContain('currency:');
    expect(result.error).toContain('terminal.code: a code is 1–8 letters or digits');
    expect(result.error).toContain('pricing.taxRates:');
  });

  it('reports a configuration that cannot be fetched or read', async () => {
    const notFound = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    expect(await loadTillConfig(notFound)).toEqual({
      ok: false,
      error: 'Could not load /till-config.json (HTTP 404)',
    });
    const garbage = (async () => new Response('{not json')) as typeof fetch;
    const result = await loadTillConfig(garbage);
    expect(result.ok).toBe(false);
  });
});
