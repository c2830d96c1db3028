// Receipt benchmarks (figures, not pass/fail):
//   receipt.encode_50_lines.p95_ms        a 50-line Chinese receipt: document → layout →
//                                         ESC/POS bytes (EPSON, 80 mm, text profile); goal ≤ 5 ms
//   receipt.encode_50_lines.p50_ms
//   receipt.encode_50_lines.p95_cpu_ms    the same in process CPU time (immune to other load)
//   receipt.encode_50_lines.bytes         size of that job
//   receipt.html_50_lines.p95_ms          the same receipt as the HTML preview (with SVG barcode)
//   receipt.raster_50_lines.p95_ms        the raster profile (58 mm), only when a Unifont
//                                         .hex font is installed (loading it is not timed)
import { buildReceiptDocument, renderReceiptHtml } from '../domain/receipt';
import { chineseSale, TEST_STORE } from '../domain/receipt/test-sale';
import { encodeReceipt } from '../hardware/printing/escpos-encoder';
import { loadSystemGlyphs } from '../hardware/printing/raster';
import { percentile, round, type BenchResult } from './lib';

/** Wall-clock and process CPU time (ms) of each run. On a loaded machine the wall-clock
 * tail is mostly other processes' time slices; the CPU figure is ours alone. */
function time(runs: number, f: () => unknown): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < 20; i++) f(); // warm up the JIT and the formatter caches
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

export async function run(): Promise<BenchResult[]> {
  const sale = chineseSale({ lines: 50 });
  if (sale.totals.lines.length !== 50) throw new Error('bench sale should have 50 lines');
  const store = { ...TEST_STORE };
  const encode = (): Buffer =>
    encodeReceipt(buildReceiptDocument(sale, store, { qrPayload: 'https://inv.example/q?r=42' }), {
      brand: 'EPSON',
      paperWidth: 80,
      profile: 'text',
      drawer: { pin: 2, pulseMs: 50 },
    });
  const bytes = encode().length;
  const enc = time(500, encode);
  const html = time(200, () =>
    renderReceiptHtml(buildReceiptDocument(sale, store), { columns: 48 }),
  );
  const results: BenchResult[] = [
    {
      name: 'receipt.encode_50_lines.p95_ms',
      value: round(percentile(enc.wall, 95), 3),
      unit: 'ms',
    },
    {
      name: 'receipt.encode_50_lines.p50_ms',
      value: round(percentile(enc.wall, 50), 3),
      unit: 'ms',
    },
    {
      name: 'receipt.encode_50_lines.p95_cpu_ms',
      value: round(percentile(enc.cpu, 95), 3),
      unit: 'ms',
    },
    { name: 'receipt.encode_50_lines.bytes', value: bytes, unit: 'bytes' },
    {
      name: 'receipt.html_50_lines.p95_ms',
      value: round(percentile(html.wall, 95), 3),
      unit: 'ms',
    },
  ];
  const glyphs = loadSystemGlyphs();
  if (glyphs) {
    const raster = time(50, () =>
      encodeReceipt(buildReceiptDocument(sale, store), {
        brand: 'EPSON',
        paperWidth: 58,
        profile: 'raster',
        glyphs,
      }),
    );
    results.push({
      name: 'receipt.raster_50_lines.p95_ms',
      value: round(percentile(raster.wall, 95), 3),
      unit: 'ms',
    });
  }
  return results;
}
