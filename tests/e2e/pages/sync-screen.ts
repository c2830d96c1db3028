// Page model of the sync screen ("Sync details"): the documents waiting and the
// ones head office refused, found by role and accessible name.
import type { Locator, Page } from 'playwright-core';

export class SyncScreen {
  readonly dialog: Locator;
  /** The refused documents' section: its table, or "Nothing rejected." */
  readonly refused: Locator;
  /** Rows of the refused documents' table, its header row included. */
  readonly refusedRows: Locator;
  /** What the last "send again" did. */
  readonly outcome: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Sync details' });
    this.refused = this.dialog.getByRole('region', { name: 'Rejected documents' });
    this.refusedRows = this.refused.getByRole('row');
    this.outcome = this.dialog.getByRole('status');
  }

  /** Open it from the sync status line. */
  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync details' }).click();
    await this.dialog.waitFor({ state: 'visible' });
  }

  /** "Send again" on the refused document with this receipt number (or document id). */
  async sendAgain(label: string): Promise<void> {
    await this.dialog.getByRole('button', { name: `Send ${label} again` }).click();
  }

  async sendAllAgain(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Send all again' }).click();
  }
}
