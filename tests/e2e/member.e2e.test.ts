// A cashier attaches a loyalty member (会员) by phone number, completes the sale, and the
// receipt shows the member's name, the points the sale earns and the balance after it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addProduct, computeTotals, emptyCart, loyaltyPointsEarned } from '../../domain';
import { DEFAULT_TILL_CONFIG } from '../../renderer/config';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import { DEMO_MEMBERS } from '../../renderer/db/demo-members';
import type { TillServer } from '../../scripts/serve-till';
import { CashierScreen } from './pages/cashier-screen';
import { launchChromium, type RunningChromium } from './support/chromium';
import { startTillApp } from './support/till-app';

const member = DEMO_MEMBERS[0]!; // 张伟, phone 138-0013-8000, 1,200 points
const code = (i: number): string => demoProduct(i).barcodes[0] as string;

let server: TillServer;
let chrome: RunningChromium;

beforeAll(async () => {
  server = await startTillApp();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  chrome = await launchChromium();
});
afterEach(async () => {
  await chrome?.close();
});

describe('loyalty member on the cashier screen', () => {
  it('attaches a member by phone number; the receipt shows their name and points', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);

    // An unknown number: a clear message, the dialog stays open, no member.
    await till.findMember('139 0000 0000');
    await expect
      .poll(() => till.memberDialog.getByRole('alert').innerText())
      .toMatch(/^No member with number or phone 139 0000 0000/);
    await till.memberDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await till.member.count()).toBe(0);
    await expect.poll(() => till.barcodeHasFocus()).toBe(true);

    // The phone typed with spaces, stored with dashes.
    await till.findMember('138 0013 8000');
    await till.member.waitFor({ state: 'visible' });
    expect(await till.member.getByLabel('Member name').innerText()).toBe(member.customer.name);
    expect(await till.member.getByLabel('Points balance').innerText()).toBe(
      String(member.pointsBalance),
    );
    await expect.poll(() => till.barcodeHasFocus()).toBe(true);

    await till.scan(code(0));
    await till.scan(code(1));
    await expect.poll(() => till.lines.count()).toBe(2);
    let cart = emptyCart('CNY');
    cart = addProduct(cart, demoProduct(0), { lineId: 'a' });
    cart = addProduct(cart, demoProduct(1), { lineId: 'b' });
    const total = computeTotals(cart, DEFAULT_TILL_CONFIG.pricing).total;
    const earned = loyaltyPointsEarned(total, 'CNY');

    const pay = await till.pay();
    await pay.cash();
    await pay.complete(); // exactly what is due
    await till.receipt.waitFor({ state: 'visible' });
    const receipt = till.receipt.getByRole('document', { name: 'Receipt S001-T01-000001' });
    await expect.poll(() => receipt.innerText()).toContain(member.customer.name);
    const text = await receipt.innerText();
    expect(text).toMatch(/会员 Member\s+张伟/);
    expect(text).toMatch(new RegExp(`本次积分 Earned\\s+${earned}\\b`));
    expect(text).toMatch(new RegExp(`积分余额 Balance\\s+${member.pointsBalance + earned}\\b`));

    // The next sale is for nobody until a member is attached again.
    await expect.poll(() => till.member.count()).toBe(0);

    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('till');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const sales = await new Promise<{ customerId?: string }[]>((resolve, reject) => {
        const r = db.transaction('sales').objectStore('sales').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      db.close();
      return sales.map((s) => s.customerId ?? null);
    });
    expect(stored).toEqual([member.customer.id]);
  });

  it('takes a member card scanned into the member field (F10), and removes the member', async () => {
    const page = await chrome.context.newPage();
    const till = new CashierScreen(page);
    await till.open(server.url);
    await page.keyboard.press('F10');
    const field = till.memberDialog.getByLabel('Member number or phone');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // Scanner timing: typed into the field and submitted, not rung up as an item.
    await till.scan(DEMO_MEMBERS[1]!.customer.memberNo!);
    await till.member.waitFor({ state: 'visible' });
    expect(await till.member.getByLabel('Member name').innerText()).toBe('李娜');
    expect(await till.lines.count()).toBe(0);
    await till.member.getByRole('button', { name: /^Remove member/ }).click();
    await expect.poll(() => till.member.count()).toBe(0);
  });
});
