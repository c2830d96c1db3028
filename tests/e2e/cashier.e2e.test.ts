// A cashier rings up a sale with a wedge scanner, changes a quantity, gives a discount,
// takes cash with change, sees the receipt; after a reload the sale is there exactly once.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import {
  addProduct,
  computeTotals,
  emptyCart,
  formatMoney,
  money,
  setOrderDiscount,
  setQuantity,
} from '../../domain';
import { DEFAULT_TILL_CONFIG } from '../../renderer/config';
import { demoProduct, demoStock } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { CashierScreen } from './pages/cashier-screen';
import { PayScreen } from './pages/pay-screen';
import { launchChromium, type RunningChromium } from './support/chromium';
import { consistencyProblems, demoOpeningStock, readTillDb } from './support/inspect-db';
import { startTillApp } from './support/till-app';

const [p0, p1, p2] = [demoProduct(0), demoProduct(1), demoProduct(2)];
const code = (i: number): string => demoProduct(i).barcodes[0] as string;

let server: TillServer;
let chrome: RunningChromium;

beforeAll(async () => {
  server = await startTillApp();
});
afterAll(async () => {
  await server?.close();
});
// A fresh profile (empty IndexedDB) per test.
beforeEach(async () => {
  chrome = await launchChromium();
});
afterEach(async () => {
  await chrome?.close();
});

describe('cashier screen', () => {
  it('rings up, discounts and takes cash; the sale survives a reload exactly once', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);

    await till.scan(code(0));
    await till.scan(code(1));
    await till.scan(code(2));
    await expect.poll(() => till.lines.count()).toBe(3);
    expect(await till.line(p0!.name).innerText()).toContain(p0!.nameEn);

    await till.setQuantity(p1!.name, '3');
    await expect.poll(() => till.quantityOf(p1!.name)).toBe('3');
    expect(await till.barcodeHasFocus()).toBe(true);

    await till.orderDiscount('Percent', '10');
    expect(await till.barcodeHasFocus()).toBe(true);

    // What the domain says the customer owes for this cart.
    let cart = emptyCart('CNY');
    cart = addProduct(cart, p0!, { lineId: 'a' });
    cart = addProduct(cart, p1!, { lineId: 'b' });
    cart = addProduct(cart, p2!, { lineId: 'c' });
    cart = setQuantity(cart, 'b', 3);
    cart = setOrderDiscount(cart, { kind: 'percent', basisPoints: 1000 });
    const total = computeTotals(cart, DEFAULT_TILL_CONFIG.pricing).total;
    const show = (minor: number) => formatMoney(money(minor, 'CNY'));
    expect(await till.totalDue()).toBe(show(total));

    const pay = await till.pay();
    expect(await pay.amountDue()).toBe(show(total));
    // Not enough cash: a clear message, nothing saved.
    await pay.tender('1');
    await pay.complete();
    await expect.poll(() => pay.alert().innerText()).toMatch(/does not cover the total/);

    const tendered = Math.ceil((total + 1) / 10_000) * 10_000; // next 100 yuan above
    await pay.tender(String(tendered / 100));
    await expect.poll(() => pay.changeDue()).toBe(show(tendered - total));
    await pay.complete();

    await till.receipt.waitFor({ state: 'visible' });
    const receipt = till.receipt.getByRole('document', { name: 'Receipt S001-T01-000001' });
    await expect.poll(() => receipt.innerText()).toContain(p1!.name);
    expect(await receipt.innerText()).toContain(show(tendered - total).replace('¥', ''));
    await expect.poll(() => till.lines.count()).toBe(0);
    expect(await till.barcodeHasFocus()).toBe(true);
    await expect.poll(() => till.journal.count()).toBe(1);

    await page.reload();
    await till.waitReady();
    await expect.poll(() => till.journal.count()).toBe(1);
    expect(await till.journal.first().innerText()).toContain('S001-T01-000001');

    const snap = await readTillDb(page);
    expect(snap.sales.map((s) => s.receiptNumber)).toEqual(['S001-T01-000001']);
    expect(snap.outbox).toHaveLength(1);
    expect(snap.audit).toHaveLength(1);
    expect(consistencyProblems(snap, demoOpeningStock)).toEqual([]);
  });

  it('tells the cashier about an unknown barcode and a malformed quantity', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);

    await till.scan('6901234567892');
    await expect.poll(() => till.alert().innerText()).toBe('Unknown barcode 6901234567892');
    expect(await till.lines.count()).toBe(0);

    await till.scan(code(3));
    const name = demoProduct(3).name;
    await till.selectLine(name);
    await till.action(/^Quantity/).click();
    const dialog = page.getByRole('dialog', { name: 'Change quantity' });
    await dialog.getByLabel('Quantity').fill('2.5');
    await dialog.getByLabel('Quantity').press('Enter');
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/whole number/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await till.quantityOf(name)).toBe('1');
    await expect.poll(() => till.barcodeHasFocus()).toBe(true);
  });

  it('finds products by pinyin initials and adds one with the arrow keys and Enter', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    const product = demoProduct(5);
    const initials = product.searchKeys.find((k) => /^[a-z]+$/u.test(k) && k.length >= 2);
    expect(initials).toBeDefined();
    await till.barcode.fill(product.sku);
    const results = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    await till.barcode.press('Enter');
    await expect.poll(() => till.lines.count()).toBe(1);
    expect(await till.line(product.name).count()).toBe(1);

    await till.barcode.fill(initials!);
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    await till.barcode.press('ArrowDown');
    const chosen = page.getByRole('option', { selected: true });
    const chosenName = (await chosen.locator('[lang="zh-CN"]').innerText()).trim();
    await till.barcode.press('Enter');
    await expect.poll(() => till.line(chosenName).count()).toBe(1);
    expect(await till.barcode.inputValue()).toBe('');
  });

  it('works from the keyboard: void, line discount, split cash and card payment', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    const [a, b] = [demoProduct(30), demoProduct(31)];
    await till.scan(code(30));
    await till.scan(code(31));
    await expect.poll(() => till.lines.count()).toBe(2);

    // The last scanned line is selected: F8 voids it.
    await page.keyboard.press('F8');
    await expect.poll(() => till.line(/voided/).count()).toBe(1);
    expect(await till.line(/voided/).innerText()).toContain(b.name);

    // ↑ selects the remaining line; F3 gives it ¥1.00 off.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('F3');
    const dialog = page.getByRole('dialog', { name: 'Line discount' });
    await dialog.getByRole('radio', { name: /^Amount/ }).check();
    await dialog.getByLabel('Discount value').fill('1');
    await dialog.getByLabel('Discount value').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const due = a.priceMinor - 100;
    const show = (minor: number) => formatMoney(money(minor, 'CNY'));
    expect(await till.totalDue()).toBe(show(due));
    await expect.poll(() => till.barcodeHasFocus()).toBe(true);

    // F9: pay ¥1.00 by card (reference required), the rest in cash.
    await page.keyboard.press('F9');
    const pay = new PayScreen(page);
    await pay.waitOpen();
    await pay.card('');
    await pay.tender('1');
    await pay.dialog.getByRole('button', { name: /^Add payment/ }).click();
    await expect.poll(() => pay.alert().innerText()).toMatch(/reference/);
    await pay.dialog.getByLabel('Card reference').fill('TRX-778');
    await pay.dialog.getByRole('button', { name: /^Add payment/ }).click();
    await pay.cash();
    await pay.complete(); // empty amount: exactly what is still due
    await till.receipt.waitFor({ state: 'visible' });

    const snap = await readTillDb(page);
    expect(snap.sales).toHaveLength(1);
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('till');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const sale = await new Promise<{ tenders: unknown[]; totals: { total: number } }>(
        (resolve, reject) => {
          const r = db.transaction('sales').objectStore('sales').getAll();
          r.onsuccess = () => resolve(r.result[0]);
          r.onerror = () => reject(r.error);
        },
      );
      db.close();
      return sale;
    });
    expect(stored.totals.total).toBe(due);
    expect(stored.tenders).toEqual([
      { kind: 'card', amountMinor: 100, reference: 'TRX-778' },
      { kind: 'cash', amountMinor: due - 100 },
    ]);
    expect(consistencyProblems(snap, demoOpeningStock)).toEqual([]);
  });

  it('catches a scan while the quantity or pay field has focus', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    await till.scan(code(60));
    await expect.poll(() => till.lines.count()).toBe(1);

    await till.action(/^Quantity/).click();
    const dialog = page.getByRole('dialog', { name: 'Change quantity' });
    const quantity = dialog.getByLabel('Quantity');
    await expect.poll(() => quantity.evaluate((el) => el === document.activeElement)).toBe(true);
    await till.scan(code(61));
    await expect.poll(() => till.lines.count()).toBe(2);
    expect(await quantity.inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const pay = await till.pay();
    const amount = pay.dialog.getByLabel('Amount tendered');
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await till.scan(code(62));
    await expect.poll(() => till.lines.count()).toBe(3);
    expect(await amount.inputValue()).toBe('');
  });

  it('shows stock in search and on the line; a cash sale takes one off', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    const index = 20; // packaged (not weighed): stock is a count
    const product = demoProduct(index);
    const before = demoStock(index); // what the demo seed wrote for it

    await till.barcode.fill(product.sku);
    const stock = till.stockInResults(product.name);
    await expect.poll(() => stock.innerText()).toBe(`库存 Stock ${before}`);
    await till.barcode.press('Enter');
    await expect.poll(() => till.lines.count()).toBe(1);
    await expect.poll(() => till.stockOfLine(product.name).innerText()).toBe(String(before));

    const pay = await till.pay();
    await pay.cash();
    await pay.complete(); // empty amount: exactly what is due
    await till.receipt.waitFor({ state: 'visible' });
    await expect.poll(() => till.lines.count()).toBe(0);

    await till.barcode.fill(product.sku);
    await expect.poll(() => stock.innerText()).toBe(`库存 Stock ${before - 1}`);
    const snap = await readTillDb(page);
    expect(consistencyProblems(snap, demoOpeningStock)).toEqual([]);
  });

  it('parks a sale, keeps it over a reload, and resumes it', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    await till.scan(code(10));
    await till.scan(code(11));
    await expect.poll(() => till.lines.count()).toBe(2);
    await till.park();
    await expect.poll(() => till.lines.count()).toBe(0);

    await page.reload();
    await till.waitReady();
    await till.resumeFirstParked();
    await expect.poll(() => till.lines.count()).toBe(2);
    expect(await till.line(demoProduct(11).name).count()).toBe(1);
  });
});
