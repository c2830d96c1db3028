import { describe, expect, it } from 'vitest';
import {
  centerWidth,
  columnsRow,
  displayWidth,
  leftRight,
  padEndWidth,
  splitAtWidth,
  wrapWidth,
} from './display-width';

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['可口可乐', 8],
    ['可乐 330ml', 10],
    ['（）：', 6],
    ['￥', 2],
    ['¥', 1],
    ['𠀀', 2],
    ['e\u0301', 1],
    ['', 0],
  ])('%s is %i columns', (s, w) => {
    expect(displayWidth(s)).toBe(w);
  });
});

describe('padding and splitting by display width', () => {
  it('pads Chinese text to the column count, not the character count', () => {
    expect(padEndWidth('苹果', 6)).toBe('苹果  ');
    expect(displayWidth(centerWidth('苹果', 9))).toBe(9);
  });

  it('never splits a wide character', () => {
    expect(splitAtWidth('苹果汁', 5)).toEqual(['苹果', '汁']);
    expect(splitAtWidth('ab苹果', 3)).toEqual(['ab', '苹果']);
  });
});

describe('wrapWidth', () => {
  it.each([32, 48])('wraps a long Chinese name so no line passes %i columns', (w) => {
    const name = '康师傅红烧牛肉面(五连包)超值装特惠家庭分享装限时促销'.repeat(2);
    const lines = wrapWidth(name, w);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(w);
    expect(lines.join('')).toBe(name);
  });

  it('keeps Latin words whole and breaks between CJK characters', () => {
    expect(wrapWidth('Oolong tea 乌龙茶', 12)).toEqual(['Oolong tea', '乌龙茶']);
    expect(wrapWidth('一二三四五六', 7)).toEqual(['一二三', '四五六']);
  });

  it('breaks a word longer than the line', () => {
    expect(wrapWidth('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('leftRight', () => {
  it.each([32, 48])('puts the amount flush right at %i columns after Chinese text', (w) => {
    const [line] = leftRight('红富士苹果', '12.90', w);
    expect(displayWidth(line ?? '')).toBe(w);
    expect(line?.endsWith(' 12.90')).toBe(true);
  });

  it('wraps the left text when both do not fit, amount on the last line', () => {
    const lines = leftRight('超长商品名称'.repeat(4), '123.45', 32);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(32);
    expect(lines[lines.length - 1]?.endsWith('123.45')).toBe(true);
    expect(displayWidth(lines[lines.length - 1] ?? '')).toBe(32);
  });

  it('builds fixed-width table rows', () => {
    const row = columnsRow([
      { text: '增值税 13%', width: 12 },
      { text: '24.78', width: 10, align: 'right' },
    ]);
    expect(displayWidth(row)).toBe(22);
    expect(row).toBe('增值税 13%       24.78');
  });
});
