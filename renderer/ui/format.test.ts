import { describe, expect, it } from 'vitest';
import { showStock } from './format';

describe('showStock', () => {
  it('shows a count for items, negative when oversold', () => {
    expect(showStock(23, 'each')).toBe('23');
    expect(showStock(0, 'each')).toBe('0');
    expect(showStock(-1, 'each')).toBe('-1');
  });

  it('shows grams of weighed stock as kilograms with 3 decimals', () => {
    expect(showStock(12_500, 'kg')).toBe('12.500 kg');
    expect(showStock(255, 'kg')).toBe('0.255 kg');
    expect(showStock(0, 'kg')).toBe('0.000 kg');
    expect(showStock(-1_500, 'kg')).toBe('-1.500 kg');
    expect(showStock(-500, 'kg')).toBe('-0.500 kg');
  });

  it('shows a dash when the till has no figure', () => {
    expect(showStock(null, 'each')).toBe('—');
    expect(showStock(null, 'kg')).toBe('—');
  });
});
