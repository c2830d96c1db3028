// Deterministic demo catalogue: the same index always gives the same product, in Node
// (head-office demo seed, benches) and in the browser (till demo seed), so chunks can be
// generated independently and a million products never sit in memory at once.
// Pure TypeScript: no Node imports, no Math.random (a seeded PRNG per product index).
import { pinyin } from 'pinyin-pro';
import { ean13CheckDigit, type PricingSettings, type Product, type TaxRate } from '../../domain';
import { pluBarcodeKey, type TerminalIdentity } from './schema';

export const DEMO_STORE = { id: 'S001', code: 'S001', name: '演示商店 Demo Store' } as const;
export const DEMO_TERMINAL = { id: 'T01', code: 'T01' } as const;
export const DEMO_CASHIER = { id: 'C01', name: '王芳' } as const;
export const DEMO_TERMINAL_IDENTITY: TerminalIdentity = {
  storeId: DEMO_STORE.id,
  storeCode: DEMO_STORE.code,
  terminalId: DEMO_TERMINAL.id,
  terminalCode: DEMO_TERMINAL.code,
};

export const DEMO_TAX_RATES: TaxRate[] = [
  { id: 'VAT13', name: '增值税 13% VAT', rateBasisPoints: 1300 },
  { id: 'VAT9', name: '增值税 9% VAT', rateBasisPoints: 900 },
];

/** Chinese shops price tax-inclusive. */
export const DEMO_PRICING_SETTINGS: PricingSettings = {
  taxMode: 'inclusive',
  taxRounding: 'per_line',
  roundingMode: 'HALF_UP',
  taxRates: DEMO_TAX_RATES,
};

/** One in WEIGHED_EVERY products is a loose item sold by weight. */
export const WEIGHED_EVERY = 40;

type Tax = 'VAT13' | 'VAT9';
/** How a product is sized: by volume, by weight, or by count. */
type SizeClass = 'ml' | 'g' | 'pc';
/** [Chinese, English, tax rate, base price in fen, size class]. VAT9 for basic foodstuffs. */
type Noun = readonly [string, string, Tax, number, SizeClass];

const BRANDS: readonly (readonly [string, string])[] = [
  ['可口可乐', 'Coca-Cola'],
  ['百事', 'Pepsi'],
  ['康师傅', 'Master Kong'],
  ['统一', 'Uni-President'],
  ['农夫山泉', 'Nongfu Spring'],
  ['娃哈哈', 'Wahaha'],
  ['伊利', 'Yili'],
  ['蒙牛', 'Mengniu'],
  ['光明', 'Bright'],
  ['旺旺', 'Want Want'],
  ['达利园', 'Daliyuan'],
  ['青岛', 'Tsingtao'],
  ['雪花', 'Snow'],
  ['海天', 'Haitian'],
  ['老干妈', 'Lao Gan Ma'],
  ['金龙鱼', 'Arawana'],
  ['三只松鼠', 'Three Squirrels'],
  ['良品铺子', 'Bestore'],
  ['白象', 'Baixiang'],
  ['今麦郎', 'Jinmailang'],
  ['奥利奥', 'Oreo'],
  ['德芙', 'Dove'],
  ['雀巢', 'Nestle'],
  ['王老吉', 'Wong Lo Kat'],
];

const NOUNS: readonly Noun[] = [
  ['可乐', 'Cola', 'VAT13', 300, 'ml'],
  ['汽水', 'Soda', 'VAT13', 350, 'ml'],
  ['矿泉水', 'Mineral Water', 'VAT13', 200, 'ml'],
  ['纯净水', 'Purified Water', 'VAT13', 150, 'ml'],
  ['绿茶', 'Green Tea', 'VAT13', 400, 'ml'],
  ['红茶', 'Black Tea', 'VAT13', 400, 'ml'],
  ['奶茶', 'Milk Tea', 'VAT13', 600, 'ml'],
  ['果汁', 'Fruit Juice', 'VAT13', 550, 'ml'],
  ['咖啡', 'Coffee', 'VAT13', 800, 'ml'],
  ['凉茶', 'Herbal Tea', 'VAT13', 450, 'ml'],
  ['啤酒', 'Beer', 'VAT13', 500, 'ml'],
  ['白酒', 'Baijiu', 'VAT13', 5800, 'ml'],
  ['葡萄酒', 'Wine', 'VAT13', 6800, 'ml'],
  ['纯牛奶', 'Pure Milk', 'VAT9', 650, 'ml'],
  ['酸奶', 'Yogurt', 'VAT9', 550, 'ml'],
  ['豆奶', 'Soy Milk', 'VAT9', 450, 'ml'],
  ['方便面', 'Instant Noodles', 'VAT13', 450, 'pc'],
  ['挂面', 'Dried Noodles', 'VAT9', 680, 'g'],
  ['大米', 'Rice', 'VAT9', 1200, 'g'],
  ['面粉', 'Flour', 'VAT9', 900, 'g'],
  ['食用油', 'Cooking Oil', 'VAT9', 2200, 'ml'],
  ['酱油', 'Soy Sauce', 'VAT13', 1200, 'ml'],
  ['醋', 'Vinegar', 'VAT13', 900, 'ml'],
  ['辣椒酱', 'Chili Sauce', 'VAT13', 1050, 'g'],
  ['蚝油', 'Oyster Sauce', 'VAT13', 1150, 'ml'],
  ['盐', 'Salt', 'VAT13', 300, 'g'],
  ['白糖', 'White Sugar', 'VAT13', 650, 'g'],
  ['饼干', 'Biscuits', 'VAT13', 750, 'g'],
  ['薯片', 'Potato Chips', 'VAT13', 650, 'g'],
  ['巧克力', 'Chocolate', 'VAT13', 1290, 'g'],
  ['糖果', 'Candy', 'VAT13', 890, 'g'],
  ['坚果', 'Mixed Nuts', 'VAT13', 2990, 'g'],
  ['瓜子', 'Sunflower Seeds', 'VAT13', 990, 'g'],
  ['面包', 'Bread', 'VAT13', 690, 'pc'],
  ['蛋糕', 'Cake', 'VAT13', 1590, 'pc'],
  ['月饼', 'Mooncake', 'VAT13', 1990, 'pc'],
  ['粽子', 'Zongzi', 'VAT13', 1590, 'pc'],
  ['速冻饺子', 'Frozen Dumplings', 'VAT13', 2290, 'g'],
  ['汤圆', 'Tangyuan', 'VAT13', 1290, 'g'],
  ['火腿肠', 'Ham Sausage', 'VAT13', 890, 'pc'],
  ['午餐肉', 'Luncheon Meat', 'VAT13', 1590, 'g'],
  ['牛肉干', 'Beef Jerky', 'VAT13', 3590, 'g'],
  ['鸡蛋', 'Eggs', 'VAT9', 1590, 'pc'],
  ['豆腐', 'Tofu', 'VAT9', 350, 'g'],
  ['榨菜', 'Pickled Mustard', 'VAT13', 250, 'g'],
  ['海苔', 'Seaweed Snack', 'VAT13', 990, 'g'],
  ['蜂蜜', 'Honey', 'VAT13', 3990, 'g'],
  ['茶叶', 'Tea Leaves', 'VAT9', 8800, 'g'],
  ['冰淇淋', 'Ice Cream', 'VAT13', 500, 'pc'],
  ['口香糖', 'Chewing Gum', 'VAT13', 1000, 'pc'],
  ['牙膏', 'Toothpaste', 'VAT13', 1590, 'pc'],
  ['牙刷', 'Toothbrush', 'VAT13', 990, 'pc'],
  ['洗发水', 'Shampoo', 'VAT13', 3990, 'ml'],
  ['沐浴露', 'Shower Gel', 'VAT13', 3590, 'ml'],
  ['洗衣液', 'Laundry Liquid', 'VAT13', 4290, 'ml'],
  ['洗洁精', 'Dish Soap', 'VAT13', 1290, 'ml'],
  ['纸巾', 'Tissues', 'VAT13', 1990, 'pc'],
  ['卫生纸', 'Toilet Paper', 'VAT13', 3290, 'pc'],
  ['电池', 'Batteries', 'VAT13', 1990, 'pc'],
  ['湿巾', 'Wet Wipes', 'VAT13', 890, 'pc'],
];

/** Sizes per class: [Chinese, English, price factor in percent]. */
const SIZES: Record<SizeClass, readonly (readonly [string, string, number])[]> = {
  ml: [
    ['250ml', '250ml', 80],
    ['330ml', '330ml', 100],
    ['500ml', '500ml', 130],
    ['1.25L', '1.25L', 220],
    ['6×330ml', '6x330ml', 560],
  ],
  g: [
    ['100g', '100g', 70],
    ['250g', '250g', 100],
    ['500g', '500g', 180],
    ['1kg', '1kg', 320],
  ],
  pc: [
    ['单个装', 'single', 100],
    ['4个装', '4-pack', 350],
    ['10个装', '10-pack', 800],
  ],
};

/** Loose goods sold by weight: [Chinese, English, price per kg in fen]. All VAT9. */
const WEIGHED: readonly (readonly [string, string, number])[] = [
  ['苹果', 'Apples', 1290],
  ['香蕉', 'Bananas', 790],
  ['橙子', 'Oranges', 990],
  ['葡萄', 'Grapes', 1990],
  ['西瓜', 'Watermelon', 390],
  ['西红柿', 'Tomatoes', 690],
  ['黄瓜', 'Cucumbers', 590],
  ['土豆', 'Potatoes', 390],
  ['白菜', 'Napa Cabbage', 290],
  ['胡萝卜', 'Carrots', 450],
  ['猪肉', 'Pork', 2990],
  ['牛肉', 'Beef', 7990],
  ['鸡胸肉', 'Chicken Breast', 2390],
  ['虾', 'Shrimp', 6990],
  ['散装大米', 'Loose Rice', 590],
  ['红枣', 'Red Dates', 3290],
];

/** mulberry32: a tiny seeded PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], rand: () => number): T {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error('empty demo list');
  return item;
}

/**
 * The 12-digit EAN body for product `index`: GS1 China prefix 69 + 10 digits from an
 * affine bijection of the index modulo 10^10 (multiplier coprime to 10), so codes look
 * scattered yet are unique for every index below 10^10.
 */
function eanBody(index: number): string {
  const M = 10_000_000_000n;
  const scrambled = (BigInt(index) * 7_919_471n + 1_234_567_891n) % M;
  return `69${scrambled.toString().padStart(10, '0')}`;
}

const initialsCache = new Map<string, { initials: string; full: string }>();
/** Pinyin initials and full pinyin (no tones, no spaces) of the Chinese characters. */
function pinyinKeys(text: string): { initials: string; full: string } {
  const cached = initialsCache.get(text);
  if (cached) return cached;
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase();
  const full = pinyin(text, { toneType: 'none', type: 'array' }).join('').toLowerCase();
  const keys = { initials, full };
  initialsCache.set(text, keys);
  return keys;
}

function englishWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter((w) => w.length > 0);
}

const keysCache = new Map<string, string[]>();
/**
 * Search keys: English words, the Chinese name and its parts, their pinyin initials and
 * full pinyin, and the SKU. A key that is a prefix of another key is dropped: prefix
 * search finds the longer one anyway, and every key costs an index entry per product.
 */
function searchKeysOf(chinese: readonly string[], english: string, sku: string): string[] {
  const cacheKey = `${chinese.join('|')}#${english}`;
  let base = keysCache.get(cacheKey);
  if (!base) {
    const keys = new Set<string>(englishWords(english));
    const joined = chinese.join('');
    keys.add(joined.toLowerCase());
    for (const part of chinese) keys.add(part.toLowerCase());
    for (const text of [joined, ...chinese]) {
      const p = pinyinKeys(text);
      keys.add(p.initials);
      keys.add(p.full);
    }
    const all = [...keys].filter((k) => k.length > 0);
    base = all.filter((k) => !all.some((other) => other !== k && other.startsWith(k)));
    keysCache.set(cacheKey, base);
  }
  return [...base, sku.toLowerCase()];
}

/** PLU (5 digits) of the weighed product at `index` (index % WEIGHED_EVERY === 7). */
export function demoPlu(index: number): string {
  return String(Math.floor(index / WEIGHED_EVERY) + 1).padStart(5, '0');
}

export function isDemoWeighed(index: number): boolean {
  return index % WEIGHED_EVERY === 7;
}

/** The demo product at a global index (0-based). */
export function demoProduct(index: number): Product {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 3_999_000) {
    throw new RangeError(`Demo product index out of range: ${index}`);
  }
  const rand = mulberry32(Math.imul(index, 0x9e3779b1) ^ 0x5bd1e995);
  const id = `P${String(index).padStart(7, '0')}`;
  const sku = `D${String(index).padStart(7, '0')}`;
  if (isDemoWeighed(index)) {
    const [zh, en, perKg] = pick(WEIGHED, rand);
    const priceMinor = Math.round((perKg * (80 + Math.floor(rand() * 41))) / 1000) * 10;
    return {
      id,
      sku,
      barcodes: [pluBarcodeKey(demoPlu(index))],
      name: `${zh}(散装)`,
      nameEn: `${en} (loose)`,
      priceMinor,
      currency: 'CNY',
      taxRateId: 'VAT9',
      unit: 'kg',
      searchKeys: searchKeysOf([zh], `${en} loose`, sku),
    };
  }
  const [brandZh, brandEn] = pick(BRANDS, rand);
  const [nounZh, nounEn, tax, base, sizeClass] = pick(NOUNS, rand);
  const [sizeZh, sizeEn, factor] = pick(SIZES[sizeClass], rand);
  // Prices in fen, ending in 0 or 9 like shelf prices.
  const raw = Math.max(100, Math.round((base * factor * (85 + rand() * 30)) / 10_000));
  const priceMinor = Math.floor(raw / 10) * 10 + (rand() < 0.5 ? 0 : 9);
  const body = eanBody(index);
  return {
    id,
    sku,
    barcodes: [`${body}${ean13CheckDigit(body)}`],
    name: `${brandZh}${nounZh} ${sizeZh}`,
    nameEn: `${brandEn} ${nounEn} ${sizeEn}`,
    priceMinor,
    currency: 'CNY',
    taxRateId: tax,
    unit: 'each',
    searchKeys: searchKeysOf([brandZh, nounZh], `${brandEn} ${nounEn} ${sizeEn}`, sku),
  };
}

/**
 * Demo stock on hand for the product at `index`, as a pull would have left it:
 * 0–200 items for packaged goods, 0–50 kg in 250 g steps (GRAMS) for weighed ones.
 * Deterministic, independent of the product's own random draws.
 */
export function demoStock(index: number): number {
  const steps = (Math.imul(index ^ 0x2c1b3c6d, 0x297a2d39) >>> 0) % 201;
  return isDemoWeighed(index) ? steps * 250 : steps;
}

/** `count` demo products starting at global index `offset`. */
export function demoProducts(count: number, offset = 0): Product[] {
  const out: Product[] = [];
  for (let i = 0; i < count; i += 1) out.push(demoProduct(offset + i));
  return out;
}

/** Lazily yields demo products (for seeding a million without holding them all). */
export function* iterateDemoProducts(count: number, offset = 0): Generator<Product> {
  for (let i = 0; i < count; i += 1) yield demoProduct(offset + i);
}
