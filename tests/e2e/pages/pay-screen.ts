// Page model of the pay screen (a modal dialog named "Pay"). Accessible names only.
import type { Locator, Page } from 'playwright-core';

export class PayScreen {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Pay' });
  }

  async waitOpen(): Promise<void> {
    await this.dialog.waitFor({ state: 'visible' });
  }

  async cash(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Cash/ }).click();
  }

  async card(reference: string): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Card/ }).click();
    await this.dialog.getByLabel('Card reference').fill(reference);
  }

  /** Type the amount tendered in major units ("100"). */
  async tender(amount: string): Promise<void> {
    await this.dialog.getByLabel('Amount tendered').fill(amount);
  }

  amountDue(): Promise<string> {
    return this.dialog.getByLabel('Amount due').innerText();
  }

  changeDue(): Promise<string> {
    return this.dialog.getByLabel('Change due').innerText();
  }

  alert(): Locator {
    return this.dialog.getByRole('alert');
  }

  async complete(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Complete sale/ }).click();
  }

  async back(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^Back to sale/ }).click();
  }
}
