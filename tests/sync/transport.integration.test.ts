import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson, TransientSyncError } from '../../sync/engine/transport';

// A real HTTP server on loopback whose behaviour each path picks.
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
    } else if (req.url === '/echo') {
      // The request's bytes, as head office receives them.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bytes = Buffer.concat(chunks);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ascii: bytes.every((b) => b < 0x80), text: bytes.toString() }));
      });
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('{}'), 3_000);
    } else if (req.url === '/boom') {
      res.writeHead(503);
      res.end('{}');
    } else if (req.url === '/refused') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'bad token' }));
    } else if (req.url === '/garbage') {
      res.writeHead(200);
      res.end('<html>');
    } else req.socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// Generous by default so a loaded CI machine does not time out the ordinary requests.
const opts = (timeoutMs = 5_000) => ({ baseUrl, fetch, timeoutMs });

describe('requestJson', () => {
  it('sends the bearer token and parses the JSON answer', async () => {
    expect(await requestJson(opts(), 'GET', '/ok', undefined, 'abc')).toEqual({
      status: 200,
      body: { auth: 'Bearer abc' },
    });
  });

  it('sends ASCII-only JSON that parses back to the body, Chinese and emoji included', async () => {
    const body = { name: '可口可乐 330ml', note: '🧾 小票', plain: 'cola' };
    const res = await requestJson(opts(), 'POST', '/echo', body, null);
    const echoed = res.body as { ascii: boolean; text: string };
    expect(echoed.ascii).toBe(true);
    expect(echoed.text).toContain('\\u53ef');
    expect(JSON.parse(echoed.text)).toEqual(body);
  });

  it('gives up after the timeout as a transient failure that says it timed out', async () => {
    const err = await requestJson(opts(200), 'GET', '/slow', undefined, null).catch(
      (e: unknown) => e,
    );
    expect(err).toEqual(new TransientSyncError('Head office did not answer within 200 ms', true));
    expect((err as TransientSyncError).timedOut).toBe(true);
    const refused = await requestJson(
      { ...opts(), baseUrl: 'http://127.0.0.1:1' },
      'GET',
      '/ok',
      undefined,
      null,
    ).catch((e: unknown) => e);
    expect((refused as TransientSyncError).timedOut).toBe(false);
  });

  it('treats 5xx and a dropped connection as transient', async () => {
    await expect(requestJson(opts(), 'POST', '/boom', {}, null)).rejects.toBeInstanceOf(
      TransientSyncError,
    );
    await expect(requestJson(opts(), 'POST', '/drop', {}, null)).rejects.toBeInstanceOf(
      TransientSyncError,
    );
  });

  it('treats a refused port as transient (head office down)', async () => {
    const down = { ...opts(), baseUrl: 'http://127.0.0.1:1' };
    await expect(requestJson(down, 'GET', '/ok', undefined, null)).rejects.toBeInstanceOf(
      TransientSyncError,
    );
  });

  it('returns 4xx answers to the caller', async () => {
    expect(await requestJson(opts(), 'GET', '/refused', undefined, null)).toEqual({
      status: 401,
      body: { error: 'bad token' },
    });
  });

  it('takes a non-JSON answer (a Wi-Fi login page, a proxy) for not reaching head office: transient', async () => {
    const err = await requestJson(opts(), 'GET', '/garbage', undefined, null).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransientSyncError);
    expect((err as Error).message).toMatch(/not head office/);
  });
});
