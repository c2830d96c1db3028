// A keyboard-wedge scanner, as the page sees one: real keydown/keypress/keyup events
// `msPerKey` apart (scanners type every 7–8 ms, some 16 ms), then the Enter suffix.
import type { Page } from 'playwright-core';

export async function typeScan(page: Page, code: string, msPerKey = 8): Promise<void> {
  await page.keyboard.type(code, { delay: msPerKey });
  await page.keyboard.press('Enter');
}
