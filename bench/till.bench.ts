// Cashier-screen figures in Debian chromium with a 1,000,000-product catalogue in
// IndexedDB. The catalogue is loaded by the app's own demo seed (in-page, in chunks of
// 2,000 on a relaxed connection) into a persistent profile under .data/bench-profile,
// which later runs reuse; the first run takes minutes. The till is served on a FIXED
// port (IndexedDB belongs to the origin, port included), TILL_BENCH_PORT or 4399.
//
// Figures (all timed inside the page with performance.now / event timestamps, so no
// DevTools round trip is included unless said):
// - till.scan_to_line.p95_ms: Enter keydown of a scan typed into the barcode field
//   (real key events 8 ms apart) → the new cart line painted (next animation frame).
// - till.barcode_lookup.p95_ms: one lookupBarcode through the multi-entry index.
// - till.sale_commit.p95_ms: completeSale, one Dexie transaction, durability strict,
//   3 lines. ratio_to_bare_idb: median Dexie / median bare IndexedDB doing the same
//   reads, the same domain work and the same records, alternated in the same run.
// - till.cold_start_to_scan.ms: fresh browser process on the loaded profile, navigation
//   start → the cashier screen takes scans (config, lock, database open, no seeding).
// - till.heap_mb_1m_catalogue: JS heap used after a forced GC (CDP), catalogue loaded.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_TILL_CONFIG } from '../renderer/config';
import { demoProduct, isDemoWeighed } from '../renderer/db/demo-catalogue';
import { REPO_ROOT, startTillServer } from '../scripts/serve-till';
import { launchChromium, type RunningChromium } from '../tests/e2e/support/chromium';
import { copyOfRenderer } from '../tests/e2e/support/till-app';
import { typeScan } from '../tests/e2e/support/type-scan';
import { percentile, round, type BenchResult } from './lib';

const CATALOGUE = 1_000_000;
const PROFILE = path.join(REPO_ROOT, '.data', 'bench-profile');
const PORT = Number(process.env.TILL_BENCH_PORT ?? 4399);
const SCANS = 60;
const LOOKUPS = 500;
const SALES = 60;
/** Seeding a million products takes minutes; give up after this. */
const SEED_TIMEOUT_MS = 60 * 60 * 1000;

function log(line: string): void {
  console.log(`[till.bench] ${line}`);
}

/** Barcodes of demo products spread over the whole catalogue (no weighed items). */
function spreadBarcodes(count: number, salt: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const index = (salt * 15_485_863 + i * 104_729) % CATALOGUE;
    if (isDemoWeighed(index)) continue;
    out.push(demoProduct(index).barcodes[0] as string);
  }
  return out;
}

async function openTill(chrome: RunningChromium, url: string): Promise<Page> {
  const page = await chrome.context.newPage();
  await page.goto(`${url}?bench=1`);
  const started = Date.now();
  let lastLog = 0;
  const barcode = page.getByRole('combobox', { name: 'Barcode or search' });
  for (;;) {
    if (await barcode.isVisible()) break;
    if (Date.now() - started > SEED_TIMEOUT_MS) throw new Error('the till did not start');
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const text = await page
        .getByRole('status', { name: 'Start-up progress' })
        .innerText()
        .catch(() => '…');
      log(`${Math.round((Date.now() - started) / 1000)} s: ${text}`);
    }
    await page.waitForTimeout(500);
  }
  await page.waitForFunction(() => window.__tillBench !== undefined);
  return page;
}

export async function run(): Promise<BenchResult[]> {
  const renderer = await copyOfRenderer();
  await mkdir(PROFILE, { recursive: true });
  const server = await startTillServer({
    port: PORT,
    root: renderer.root,
    // No demo stock rows: they would double the seeding writes.
    config: { ...DEFAULT_TILL_CONFIG, demoSeed: { products: CATALOGUE, stock: false } },
  });
  const results: BenchResult[] = [];
  let chrome: RunningChromium | null = null;
  try {
    // 1. Load (or find) the catalogue.
    chrome = await launchChromium({ userDataDir: PROFILE });
    const loadStart = Date.now();
    let page = await openTill(chrome, server.url);
    const count = await page.evaluate(() => window.__tillBench!.productCount());
    log(
      `catalogue: ${count} products (ready after ${Math.round((Date.now() - loadStart) / 1000)} s)`,
    );
    if (count < CATALOGUE) throw new Error(`expected ${CATALOGUE} products, found ${count}`);
    await chrome.close();

    // 2. Cold start: a new browser process on the loaded profile.
    chrome = await launchChromium({ userDataDir: PROFILE });
    page = await openTill(chrome, server.url);
    const readyAt = await page.evaluate(() => window.__tillBench!.readyAt());
    if (readyAt === null) throw new Error('the till did not mark when it was ready');
    results.push({ name: 'till.cold_start_to_scan.ms', value: round(readyAt, 1), unit: 'ms' });

    // 3. Barcode lookups spread over the million.
    const codes = spreadBarcodes(LOOKUPS, 1);
    await page.evaluate((c) => window.__tillBench!.lookupMany(c.slice(0, 50)), codes); // warm-up
    const lookups = await page.evaluate((c) => window.__tillBench!.lookupMany(c), codes);
    results.push({
      name: 'till.barcode_lookup.p95_ms',
      value: round(percentile(lookups, 95), 3),
      unit: 'ms',
    });

    // 4. Scan to line, through the barcode field with real key events.
    const barcode = page.getByRole('combobox', { name: 'Barcode or search' });
    await barcode.focus();
    const scans: number[] = [];
    const scanCodes = spreadBarcodes(SCANS + 5, 2);
    for (const [i, code] of scanCodes.entries()) {
      if (i % 20 === 0) await page.evaluate(() => window.__tillBench!.clearSale());
      await page.evaluate(() => window.__tillBench!.armScan());
      await typeScan(page, code, 8);
      const ms = await page.evaluate(() => window.__tillBench!.scanResult());
      if (i >= 5) scans.push(ms); // the first few warm the code paths
    }
    await page.evaluate(() => window.__tillBench!.clearSale());
    results.push({
      name: 'till.scan_to_line.p95_ms',
      value: round(percentile(scans, 95), 2),
      unit: 'ms',
    });

    // 5. Sale commit: Dexie vs bare IndexedDB, alternated.
    const dexie: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < SALES + 5; i++) {
      const d = await page.evaluate((s) => window.__tillBench!.dexieSale(3, s), i * 2);
      const b = await page.evaluate((s) => window.__tillBench!.bareSale(3, s), i * 2 + 1);
      if (i >= 5) {
        dexie.push(d);
        bare.push(b);
      }
    }
    results.push(
      { name: 'till.sale_commit.p95_ms', value: round(percentile(dexie, 95), 2), unit: 'ms' },
      {
        name: 'till.sale_commit.ratio_to_bare_idb',
        value: round(percentile(dexie, 50) / percentile(bare, 50), 2),
        unit: 'x',
      },
    );
    log(
      `sale commit p50 dexie ${round(percentile(dexie, 50))} ms, bare ${round(percentile(bare, 50))} ms; p95 bare ${round(percentile(bare, 95))} ms`,
    );

    // 6. Heap with the catalogue loaded, after a full GC.
    const cdp = await chrome.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    results.push({
      name: 'till.heap_mb_1m_catalogue',
      value: round(heap.usedSize / (1024 * 1024), 1),
      unit: 'MB',
    });
    await cdp.detach();
  } finally {
    await chrome?.close();
    await server.close();
    await renderer.remove();
  }
  for (const r of results) log(`${r.name} = ${r.value} ${r.unit}`);
  return results;
}
