// Page model of the always-visible sync status line, found by its accessible name.
import type { Locator, Page } from 'playwright-core';

export class SyncStatusBar {
  readonly region: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('status', { name: 'Sync status' });
  }

  text(): Promise<string> {
    return this.region.innerText();
  }

  /** Sync Web Workers this page runs (each runs one engine); the till starts no other worker. */
  syncWorkers(): number {
    return this.page.workers().filter((w) => w.url().includes('sync-worker')).length;
  }
}
