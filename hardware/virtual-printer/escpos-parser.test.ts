import { describe, expect, it } from 'vitest';
import { EscPosStream, parseEscPos } from './escpos-parser';
import { decodeCommands, decodeEscPos } from './escpos-text';
import { buildReceiptDocument } from '../../domain/receipt';
import { chineseSale, TEST_STORE } from '../../domain/receipt/test-sale';
import { encodeReceipt } from '../printing/escpos-encoder';
import { parseHexFont } from '../printing/raster';

const doc = buildReceiptDocument(chineseSale(), TEST_STORE, { qrPayload: 'https://inv.example/q' });

describe('parseEscPos', () => {
  it('gives the same commands whether the stream arrives whole or byte by byte', () => {
    const bytes = encodeReceipt(doc, {
      brand: 'EPSON',
      paperWidth: 80,
      profile: 'text',
      drawer: { pin: 5, pulseMs: 60 },
    });
    const whole = parseEscPos(bytes).commands;
    const stream = new EscPosStream();
    const pieces = [...bytes].flatMap((b) => stream.push(Uint8Array.of(b)));
    expect(stream.pendingBytes).toBe(0);
    // text runs split at chunk edges (even inside a GB18030 character) decode the same
    expect(decodeCommands(pieces).lines).toEqual(decodeEscPos(bytes).lines);
    expect(pieces.filter((c) => c.type !== 'text').map((c) => c.type)).toEqual(
      whole.filter((c) => c.type !== 'text').map((c) => c.type),
    );
  });

  it('holds back an incomplete command until the rest arrives', () => {
    expect(parseEscPos(Uint8Array.of(0x41, 0x1b, 0x70, 0x00))).toMatchObject({ consumed: 1 });
    expect(parseEscPos(Uint8Array.of(0x10, 0x04))).toMatchObject({ consumed: 0, commands: [] });
  });

  it('never reads a DLE EOT inside raster image data', () => {
    // A glyph whose rows contain 0x10 0x04 byte pairs.
    const font = parseHexFont('0041:' + '1004'.repeat(8) + '10041004100410041004100410041004');
    const one = buildReceiptDocument(chineseSale(), { name: 'AAAA' });
    const bytes = encodeReceipt(one, {
      brand: 'EPSON',
      paperWidth: 58,
      profile: 'raster',
      glyphs: font,
    });
    const commands = parseEscPos(bytes).commands;
    expect(commands.some((c) => c.type === 'raster')).toBe(true);
    expect(commands.filter((c) => c.type === 'status_request')).toEqual([]);
  });

  it('reads status requests, real-time pulses and cuts', () => {
    const cmds = parseEscPos(
      Uint8Array.of(0x10, 0x04, 0x02, 0x10, 0x14, 0x01, 0x00, 0x02, 0x1d, 0x56, 0x42, 0x03),
    ).commands;
    expect(cmds).toEqual([
      { type: 'status_request', n: 2 },
      { type: 'realtime_pulse', pin: 0, units: 2 },
      { type: 'cut', m: 0x42, n: 3 },
    ]);
  });
});
