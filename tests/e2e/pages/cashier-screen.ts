// Page model of the cashier screen. Finds everything by role and accessible name, the
// way a screen reader user (and the cashier's keyboard) reaches it.
import type { Locator, Page } from 'playwright-core';
import { typeScan } from '../support/type-scan';
import { PayScreen } from './pay-screen';

export class CashierScreen {
  readonly barcode: Locator;
  readonly lines: Locator;
  readonly journal: Locator;
  readonly receipt: Locator;
  /** The loyalty member panel (shown while a member is attached to the sale). */
  readonly member: Locator;
  /** The "Member" dialog where a member number or phone is typed. */
  readonly memberDialog: Locator;

  constructor(readonly page: Page) {
    this.barcode = page.getByRole('combobox', { name: 'Barcode or search' });
    this.lines = page
      .getByRole('table', { name: 'Sale lines' })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'Quantity' }) });
    this.journal = page.getByRole('list', { name: 'Sales journal' }).getByRole('listitem');
    this.receipt = page.getByRole('region', { name: 'Receipt preview' });
    this.member = page.getByRole('region', { name: 'Member', exact: true });
    this.memberDialog = page.getByRole('dialog', { name: 'Member', exact: true });
  }

  /** Open the till and wait for the cashier screen (demo seed included). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    try {
      await this.barcode.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      // Say what the screen shows instead (a start-up error, a stuck progress line).
      const shown = await this.page
        .locator('body')
        .innerText({ timeout: 2_000 })
        .catch(() => '(page unreadable)');
      throw new Error(`The cashier screen did not appear. The page shows:\n${shown}`, {
        cause: err,
      });
    }
  }

  async scan(code: string, msPerKey = 8): Promise<void> {
    await typeScan(this.page, code, msPerKey);
  }

  /** Type into the barcode field by hand (slowly, like a person) and press Enter. */
  async typeAndEnter(text: string): Promise<void> {
    await this.barcode.focus();
    await this.page.keyboard.type(text, { delay: 90 });
    await this.page.keyboard.press('Enter');
  }

  line(name: string | RegExp): Locator {
    return this.page.getByRole('table', { name: 'Sale lines' }).getByRole('row', { name });
  }

  /** The search result list under the barcode field. */
  searchResults(): Locator {
    return this.page.getByRole('listbox', { name: 'Search results' });
  }

  /** The stock text shown for a product in the search results ("库存 Stock 23"). */
  stockInResults(name: string): Locator {
    return this.searchResults().getByLabel(`Stock for ${name}`, { exact: true });
  }

  /** The stock cell of a cart line ("23", "12.500 kg", "-1", "—"). */
  stockOfLine(name: string): Locator {
    return this.page
      .getByRole('table', { name: 'Sale lines' })
      .getByLabel(`Stock for ${name}`, { exact: true });
  }

  quantityOf(name: string | RegExp): Promise<string> {
    return this.line(name).getByRole('cell', { name: 'Quantity' }).innerText();
  }

  async selectLine(name: string | RegExp): Promise<void> {
    await this.line(name).click();
  }

  action(name: RegExp): Locator {
    return this.page.getByRole('toolbar', { name: 'Sale actions' }).getByRole('button', { name });
  }

  async setQuantity(name: string | RegExp, quantity: string): Promise<void> {
    await this.selectLine(name);
    await this.action(/^Quantity/).click();
    const dialog = this.page.getByRole('dialog', { name: 'Change quantity' });
    await dialog.getByLabel('Quantity').fill(quantity);
    await dialog.getByLabel('Quantity').press('Enter');
  }

  async orderDiscount(kind: 'Percent' | 'Amount', value: string): Promise<void> {
    await this.action(/^Order discount/).click();
    const dialog = this.page.getByRole('dialog', { name: 'Order discount' });
    await dialog.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
    await dialog.getByLabel('Discount value').fill(value);
    await dialog.getByRole('button', { name: 'Apply discount' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  totalDue(): Promise<string> {
    return this.page.getByLabel('Total due').innerText();
  }

  alert(): Locator {
    return this.page.getByRole('alert').filter({ hasText: /\S/ });
  }

  status(): Locator {
    return this.page.getByRole('status', { name: 'Till message' });
  }

  async pay(): Promise<PayScreen> {
    await this.action(/^Pay/).click();
    const pay = new PayScreen(this.page);
    await pay.waitOpen();
    return pay;
  }

  /**
   * Ring up one product alone (scan its barcode) and take exactly its price in cash;
   * resolves once the pay dialog has closed (the sale committed).
   */
  async sellOneForCash(product: {
    barcodes: readonly string[];
    priceMinor: number;
  }): Promise<void> {
    await this.scan(product.barcodes[0] as string);
    await this.lines.first().waitFor({ state: 'visible' });
    const pay = await this.pay();
    await pay.cash();
    await pay.tender((product.priceMinor / 100).toFixed(2));
    await pay.complete();
    await pay.dialog.waitFor({ state: 'hidden' });
  }

  /** Open the Member dialog, type a member number or phone and press Enter. */
  async findMember(text: string): Promise<void> {
    await this.action(/^Member 会员/).click();
    const field = this.memberDialog.getByLabel('Member number or phone');
    await field.fill(text);
    await field.press('Enter');
  }

  async park(): Promise<void> {
    await this.action(/^Park 挂单/).click();
  }

  async resumeFirstParked(): Promise<void> {
    await this.action(/^Parked sales/).click();
    const dialog = this.page.getByRole('dialog', { name: 'Parked sales' });
    await dialog
      .getByRole('button', { name: /^Resume parked sale/ })
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** Is the barcode field the focused element? */
  barcodeHasFocus(): Promise<boolean> {
    return this.barcode.evaluate((el) => el === document.activeElement);
  }
}
