// A sale with Chinese names, a weighed line, a line discount, an order discount and
// two tenders — shared by the receipt tests, the printing tests and the bench.
import { addProduct, emptyCart, setLineDiscount, setOrderDiscount } from '../cart';
import type { Product } from '../product';
import { buildSale, type Sale } from '../sale';
import { settings } from '../test-fixtures';

function item(id: string, name: string, priceMinor: number, unit: 'each' | 'kg' = 'each'): Product {
  return {
    id,
    sku: `SKU-${id}`,
    barcodes: [],
    name,
    nameEn: id,
    priceMinor,
    currency: 'CNY',
    taxRateId: unit === 'kg' ? 'vat9' : 'vat13',
    unit,
    searchKeys: [id],
  };
}

export const RECEIPT_PRODUCTS: Product[] = [
  item('cola', '可口可乐 330ml', 350),
  item('noodles', '康师傅红烧牛肉面(五连包)超值装特惠', 1590),
  item('apples', '红富士苹果(散装)', 1290, 'kg'),
  item('tea', 'Oolong tea 乌龙茶 500ml', 500),
];

/** Cash sale: 3 cola, 1 noodles (10 % off), 255 g apples, 1 tea; 2 yuan off the order. */
export function chineseSale(over: { lines?: number; sequence?: number } = {}): Sale {
  let cart = emptyCart('CNY');
  const extra = Math.max(0, (over.lines ?? 4) - 4);
  cart = addProduct(cart, RECEIPT_PRODUCTS[0] as Product, { lineId: 'l1', quantity: 3 });
  cart = addProduct(cart, RECEIPT_PRODUCTS[1] as Product, { lineId: 'l2' });
  cart = setLineDiscount(cart, 'l2', { kind: 'percent', basisPoints: 1000 });
  cart = addProduct(cart, RECEIPT_PRODUCTS[2] as Product, { lineId: 'l3', quantity: 255 });
  cart = addProduct(cart, RECEIPT_PRODUCTS[3] as Product, { lineId: 'l4' });
  for (let i = 0; i < extra; i++) {
    const p = item(`x${i}`, `进口商品 第${i + 1}号 特选`, 100 + i * 7);
    cart = addProduct(cart, p, { lineId: `x${i}`, quantity: 1 + (i % 3) });
  }
  cart = setOrderDiscount(cart, { kind: 'amount', minor: 200 });
  return buildSale({
    id: '019a0000-0000-7000-8000-000000000001',
    storeId: 'store-1',
    terminalId: 'term-1',
    storeCode: 'S001',
    terminalCode: 'T01',
    sequence: over.sequence ?? 42,
    cashierId: 'C01',
    createdAt: '2026-11-23T10:00:01.000Z',
    cart,
    settings: settings(),
    tenders: [{ kind: 'cash', amountMinor: 10_000 + extra * 1000 }],
  });
}

export const TEST_STORE = {
  name: '好邻居便利店 Good Neighbour',
  address: '北京市朝阳区建国路 88 号',
  phone: '010-8888 6666',
  footer: '谢谢惠顾 欢迎再次光临\nThank you, come again',
};
