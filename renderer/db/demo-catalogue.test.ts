import { describe, expect, it } from 'vitest';
import { buildScaleBarcode, isValidEan13, parseScaleBarcode } from '../../domain';
import {
  demoPlu,
  demoProduct,
  demoProducts,
  demoStock,
  isDemoWeighed,
  WEIGHED_EVERY,
} from './demo-catalogue';

describe('demo catalogue', () => {
  it('is deterministic and chunk-independent', () => {
    const whole = demoProducts(200);
    const chunks = [...demoProducts(100, 0), ...demoProducts(100, 100)];
    expect(chunks).toEqual(whole);
    expect(demoProducts(5, 50)).toEqual(demoProducts(200).slice(50, 55));
  });

  it('gives packaged goods valid, unique EAN-13s across a million products', () => {
    const seen = new Set<string>();
    // Sample the full million sparsely plus a dense block, to keep the test fast.
    const indexes = [
      ...Array.from({ length: 5000 }, (_, i) => i),
      ...Array.from({ length: 5000 }, (_, i) => i * 199 + 5000),
    ];
    for (const i of indexes) {
      const p = demoProduct(i);
      if (p.unit === 'kg') continue;
      const code = p.barcodes[0] ?? '';
      expect(isValidEan13(code)).toBe(true);
      expect(code.startsWith('69')).toBe(true);
      expect(seen.has(code)).toBe(false);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(9000);
  });

  it('has Chinese and English names, two tax rates and positive prices', () => {
    const products = demoProducts(500);
    for (const p of products) {
      expect(p.name).toMatch(/[\u4e00-\u9fff]/u);
      expect(p.nameEn).toMatch(/^[A-Za-z]/);
      expect(['VAT13', 'VAT9']).toContain(p.taxRateId);
      expect(Number.isSafeInteger(p.priceMinor) && p.priceMinor > 0).toBe(true);
      expect(p.currency).toBe('CNY');
      expect(p.searchKeys).toContain(p.sku.toLowerCase());
      expect(p.searchKeys.every((k) => k === k.toLowerCase() && k.length > 0)).toBe(true);
    }
    expect(new Set(products.map((p) => p.taxRateId)).size).toBe(2);
  });

  it('is found by pinyin initials, full pinyin, Chinese and English prefixes', () => {
    const cola = demoProducts(3000).find((p) => p.name.startsWith('可口可乐'));
    if (!cola) throw new Error('no Coca-Cola among the first 3000 demo products');
    const found = (token: string) => cola.searchKeys.some((k) => k.startsWith(token));
    for (const token of ['kkkl', 'kekoukele', '可口', 'coca', 'cola', cola.sku.toLowerCase()]) {
      expect(found(token), token).toBe(true);
    }
  });

  it('keeps no search key that is a prefix of another (each key costs an index entry)', () => {
    for (const p of demoProducts(500)) {
      const redundant = p.searchKeys.filter((k) =>
        p.searchKeys.some((o) => o !== k && o.startsWith(k)),
      );
      expect(redundant, p.name).toEqual([]);
    }
  });

  it('makes one in WEIGHED_EVERY a weighed item with a PLU a scale label can reach', () => {
    const products = demoProducts(WEIGHED_EVERY * 10);
    const weighed = products.filter((p) => p.unit === 'kg');
    expect(weighed).toHaveLength(10);
    const index = 7 + WEIGHED_EVERY * 3;
    expect(isDemoWeighed(index)).toBe(true);
    const plu = demoPlu(index);
    expect(demoProduct(index).barcodes).toEqual([`plu:${plu}`]);
    expect(parseScaleBarcode(buildScaleBarcode(plu, 500))?.plu).toBe(plu);
    expect(new Set(weighed.map((p) => p.barcodes[0])).size).toBe(10);
  });

  it('covers indexes up to a million without running out of PLUs', () => {
    const last = 999_967; // 999_967 % 40 === 7
    expect(isDemoWeighed(last)).toBe(true);
    expect(demoPlu(last)).toMatch(/^\d{5}$/);
    expect(demoProduct(999_999).id).toBe('P0999999');
  });

  it('gives deterministic, plausible demo stock: 0–200 items, 0–50 kg in grams', () => {
    const items = new Set<number>();
    for (let i = 0; i < 4000; i += 1) {
      const q = demoStock(i);
      expect(demoStock(i)).toBe(q);
      expect(Number.isSafeInteger(q)).toBe(true);
      if (isDemoWeighed(i)) {
        expect(q % 250).toBe(0);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(50_000);
      } else {
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(200);
        items.add(q);
      }
    }
    // Spread over the range, not one figure for everything.
    expect(items.size).toBeGreaterThan(150);
  });
});
