import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

// A real upstream that counts the requests it handled ("committed").
let upstream: Server;
let handled = 0;
let proxy: FaultProxy;

beforeEach(async () => {
  handled = 0;
  upstream = createServer((req, res) => {
    handled += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy({
    host: '127.0.0.1',
    port: (upstream.address() as AddressInfo).port,
  });
});

afterEach(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('fault proxy', () => {
  it('passes requests and answers through untouched', async () => {
    const res = await fetch(`${proxy.url}/hello`);
    expect(await res.json()).toEqual({ path: '/hello' });
  });

  it('cuts the connection after head office answered: the work is done, the client gets an error', async () => {
    proxy.inject({ kind: 'cut_after_response' }, { match: /^POST \/push/ });
    await expect(fetch(`${proxy.url}/push`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(handled).toBe(1);
    expect(proxy.stats.cut).toBe(1);
    // Only the armed number of requests is hit.
    expect((await fetch(`${proxy.url}/push`, { method: 'POST', body: '{}' })).status).toBe(200);
  });

  it('leaves non-matching requests alone', async () => {
    proxy.inject({ kind: 'cut_after_response' }, { match: /^POST \/push/ });
    expect((await fetch(`${proxy.url}/pull`)).status).toBe(200);
    expect(proxy.armed()).toBe(1);
  });

  it('delays the answer past a client timeout while the upstream has handled it', async () => {
    proxy.inject({ kind: 'delay', ms: 400 });
    await expect(
      fetch(`${proxy.url}/slow`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(handled).toBe(1);
    expect(proxy.stats.delayed).toBe(1);
  });

  it('refuses connections while down and recovers when up', async () => {
    proxy.setDown(true);
    await expect(fetch(`${proxy.url}/x`)).rejects.toThrow();
    expect(handled).toBe(0);
    proxy.setDown(false);
    expect((await fetch(`${proxy.url}/x`)).status).toBe(200);
  });

  it('lets the first matching requests through when told to skip them', async () => {
    proxy.inject({ kind: 'cut_after_response' }, { match: /^GET \/page/, skip: 1 });
    expect((await fetch(`${proxy.url}/page`)).status).toBe(200);
    await expect(fetch(`${proxy.url}/page`)).rejects.toThrow();
    expect(handled).toBe(2);
  });
});
