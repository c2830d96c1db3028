// Power cut at the worst moment: ring a sale, press Complete and SIGKILL the browser at
// once (a little later each round, so the kill lands before, during and after the
// commit). 20 rounds on the same profile, a fresh browser each time. Afterwards every
// sale is all there or not at all (sale ⇔ outbox ⇔ stock ⇔ audit ⇔ print job) and the
// receipt numbers run 1..n with no gaps and no repeats.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProduct } from '../../renderer/db/demo-catalogue';
import type { TillServer } from '../../scripts/serve-till';
import { CashierScreen } from './pages/cashier-screen';
import { launchChromium, type RunningChromium } from './support/chromium';
import {
  consistencyProblems,
  demoOpeningStock,
  readTillDb,
  type DbSnapshot,
} from './support/inspect-db';
import { startTillApp } from './support/till-app';

const ROUNDS = 20;
const code = (i: number): string => demoProduct(i).barcodes[0] as string;

let server: TillServer;
let profile: string;
let chrome: RunningChromium | null = null;

beforeAll(async () => {
  server = await startTillApp();
  profile = await mkdtemp(path.join(tmpdir(), 'till-crash-profile-'));
});
afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await rm(profile, { recursive: true, force: true });
});

async function openTill(): Promise<{ till: CashierScreen; snapshot: () => Promise<DbSnapshot> }> {
  chrome = await launchChromium({ userDataDir: profile });
  const page = await chrome.context.newPage();
  const till = new CashierScreen(page);
  await till.open(server.url);
  return { till, snapshot: () => readTillDb(page) };
}

describe('a browser killed while a sale completes', () => {
  it('leaves every sale whole or absent, with gapless receipt numbers', async () => {
    let before = 0;
    let committed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { till, snapshot } = await openTill();
      const snap = await snapshot();
      expect(consistencyProblems(snap, demoOpeningStock), `after round ${round}`).toEqual([]);
      if (round > 0) committed += snap.sales.length - before;
      before = snap.sales.length;

      // Two different items, one of them twice (a quantity > 1 line).
      await till.scan(code(20 + (round % 5)));
      await till.scan(code(40 + (round % 7)));
      await till.scan(code(40 + (round % 7)));
      await expect.poll(() => till.lines.count()).toBe(2);
      const pay = await till.pay();
      // Kill 0, 4, 8 … 76 ms after the click starts: before the click lands, inside the
      // IndexedDB commit and after it. The click is not awaited — the browser dies under it.
      const clicking = pay.complete().catch(() => undefined);
      await new Promise((r) => setTimeout(r, round * 4));
      await chrome!.kill();
      await clicking;
      chrome = null;
    }
    const { snapshot } = await openTill();
    const last = await snapshot();
    committed += last.sales.length - before;
    expect(consistencyProblems(last, demoOpeningStock)).toEqual([]);
    expect(last.sales.length).toBe(committed);
    console.log(
      `crash test: ${ROUNDS} kills, ${last.sales.length} sales committed, ${ROUNDS - last.sales.length} lost whole`,
    );
    await chrome!.close();
    chrome = null;
  });
});
