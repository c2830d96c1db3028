// The till server on loopback: config, built files, the app for unknown paths, nothing
// outside the renderer folder, 127.0.0.1 only.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TILL_CONFIG } from '../renderer/config';
import { startTillServer, type TillServer } from './serve-till';

let dir: string;
let server: TillServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'till-serve-'));
  await mkdir(path.join(dir, 'root', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'root', 'index.html'), '<!doctype html><title>till</title>');
  await writeFile(path.join(dir, 'root', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside');
  server = await startTillServer({
    port: 0,
    config: DEFAULT_TILL_CONFIG,
    root: path.join(dir, 'root'),
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('till server', () => {
  it('listens on 127.0.0.1 and serves the validated configuration', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(new URL('/till-config.json', server.url));
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual(DEFAULT_TILL_CONFIG);
  });

  it('serves built files with their type and the app for other paths', async () => {
    const js = await fetch(new URL('/assets/app.js', server.url));
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
    const deep = await fetch(new URL('/some/screen', server.url));
    expect(await deep.text()).toContain('<title>till</title>');
  });

  it('never serves a file outside the renderer folder', async () => {
    // A raw request: fetch() would normalise the dot segments away before sending.
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port: server.port, path: p }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body, p).not.toContain('outside');
    }
  });

  it('refuses to start with an invalid configuration', async () => {
    await expect(
      startTillServer({ port: 0, config: { ...DEFAULT_TILL_CONFIG, currency: 'XXX' as 'CNY' } }),
    ).rejects.toThrow(/currency/);
  });
});
