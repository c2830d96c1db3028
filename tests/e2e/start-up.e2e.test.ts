// Start-up failures a person can act on: an invalid configuration is named on screen,
// not a blank page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TILL_CONFIG } from '../../renderer/config';
import type { TillServer } from '../../scripts/serve-till';
import { launchChromium, type RunningChromium } from './support/chromium';
import { startTillApp } from './support/till-app';

let server: TillServer;
let chrome: RunningChromium;

beforeAll(async () => {
  server = await startTillApp(
    {},
    {
      ...DEFAULT_TILL_CONFIG,
      currency: 'GBP',
      cashier: { id: 'C01' },
    },
  );
  chrome = await launchChromium();
});
afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

describe('start-up', () => {
  it('shows which configuration fields are wrong and offers to try again', async () => {
    const page = await chrome.context.newPage();
    await page.goto(server.url);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/The till configuration is invalid/);
    const text = await alert.innerText();
    expect(text).toContain('cashier.name');
    expect(text).toContain('currency');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Barcode or search' }).count()).toBe(0);
  });
});
