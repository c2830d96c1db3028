import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../../domain/receipt';
import { chineseSale } from '../../domain/receipt/test-sale';
import { encodeReceipt } from '../printing/escpos-encoder';
import { parseHexFont } from '../printing/raster';
import { VirtualPrinter } from './virtual-printer';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Send bytes, collect every byte answered, close. */
function talk(port: number, bytes: Buffer, expectBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.write(bytes);
      if (expectBytes === 0) s.end();
    });
    s.on('data', (d: Buffer) => {
      got.push(d);
      if (Buffer.concat(got).length >= expectBytes) s.end();
    });
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(got)));
  });
}

describe('VirtualPrinter', () => {
  it('answers DLE EOT in stream order and records receipts to files', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'vp-'));
    const p = await VirtualPrinter.start({ outDir: out });
    cleanups.push(
      () => p.stop(),
      () => rm(out, { recursive: true, force: true }),
    );
    const job = Buffer.concat([
      Buffer.from([0x10, 0x04, 0x01]),
      Buffer.from([0x1b, 0x40, 0x1c, 0x26]),
      Buffer.from('Hello\n'),
      Buffer.from([0x1d, 0x6b, 0x49, 0x04, 0x7b, 0x42, 0x41, 0x31]),
      Buffer.from([0x1d, 0x56, 0x00]),
      Buffer.from([0x10, 0x04, 0x04]),
    ]);
    const answers = await talk(p.port, job, 2);
    expect([...answers]).toEqual([0x12, 0x12]);
    const [r] = await p.waitForReceipts(1);
    expect(r?.lines).toEqual(['Hello']);
    expect(r?.barcodes).toEqual(['A1']);
    await p.stop();
    expect(await readFile(r?.file ?? '', 'utf8')).toContain('Hello');
  });

  it('reports paper out, holds what it receives and prints it when paper is loaded', async () => {
    const p = await VirtualPrinter.start();
    cleanups.push(() => p.stop());
    p.setState({ paperEnd: true, paperNearEnd: true });
    const answers = await talk(
      p.port,
      Buffer.from([
        0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04, 0x41, 0x0a, 0x1d, 0x56, 0x00,
      ]),
      3,
    );
    expect([...answers]).toEqual([0x1a, 0x32, 0x7e]);
    expect(p.receipts).toHaveLength(0);
    expect(p.heldCommands).toBeGreaterThan(0);
    p.makeReady();
    expect(p.heldCommands).toBe(0);
    expect(p.receipts.map((r) => r.lines)).toEqual([['A']]);
  });

  it('loses what it held when switched off', async () => {
    const p = await VirtualPrinter.start();
    cleanups.push(() => p.stop());
    p.setState({ coverOpen: true });
    await talk(p.port, Buffer.from([0x41, 0x0a, 0x1d, 0x56, 0x00]), 0);
    await expect.poll(() => p.heldCommands).toBeGreaterThan(0);
    await p.restart();
    expect(p.heldCommands).toBe(0);
    expect(p.receipts).toHaveLength(0);
  });

  it('restarts on the same port, refusing connections while down', async () => {
    const p = await VirtualPrinter.start();
    cleanups.push(() => p.stop());
    const port = p.port;
    await p.stop();
    await expect(talk(port, Buffer.from([0x10, 0x04, 0x01]), 1)).rejects.toThrow(/ECONNREFUSED/);
    await p.restart();
    expect(p.port).toBe(port);
    expect([...(await talk(port, Buffer.from([0x10, 0x04, 0x01]), 1))]).toEqual([0x12]);
  });

  it('keeps a raster receipt as a viewable bitmap (PBM) beside its bytes', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'vp-'));
    const p = await VirtualPrinter.start({ outDir: out });
    cleanups.push(
      () => p.stop(),
      () => rm(out, { recursive: true, force: true }),
    );
    const font = parseHexFont('0041:' + 'FF'.repeat(16));
    const bytes = encodeReceipt(buildReceiptDocument(chineseSale(), { name: 'AAA' }), {
      brand: 'EPSON',
      paperWidth: 58,
      profile: 'raster',
      glyphs: font,
    });
    await talk(p.port, bytes, 0);
    const [r] = await p.waitForReceipts(1);
    expect(r?.text).toMatch(/^\[raster receipt: \d+ images, see the \.pbm file\]$/);
    await p.stop();
    const pbm = await readFile((r?.file ?? '').replace(/\.txt$/, '.pbm'));
    expect(pbm.subarray(0, 7).toString('ascii')).toBe('P4\n384 ');
  });
});
