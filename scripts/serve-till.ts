// The local till server for browser mode: serves the built renderer (dist/renderer)
// and /till-config.json on 127.0.0.1 only. A plain Node http server — no framework is
// needed for static files, and it starts in milliseconds for the end-to-end tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeFor } from '../electron/content-types';
import { tillConfigSchema, type TillConfig } from '../renderer/config';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist', 'renderer');

/** Content-Type by file name; bytes of a type we do not list are sent as plain bytes. */
const typeOf = (file: string) => contentTypeFor(file) ?? 'application/octet-stream';

export interface TillServerOptions {
  /** 0 = any free port (tests). */
  port: number;
  /**
   * Served as /till-config.json. Validated here, so a bad file fails at start with the
   * field named. Pass `rawConfig` instead to serve something unvalidated (tests of the
   * renderer's own error screen).
   */
  config?: TillConfig;
  rawConfig?: unknown;
  /** Folder of the built renderer; default dist/renderer. */
  root?: string;
}

export interface TillServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Start serving. Resolves when listening on 127.0.0.1. */
export async function startTillServer(options: TillServerOptions): Promise<TillServer> {
  const root = options.root ?? RENDERER_DIST;
  const configBody = JSON.stringify(
    options.rawConfig !== undefined ? options.rawConfig : tillConfigSchema.parse(options.config),
  );
  const server = createServer((req, res) => {
    handle(req, res, root, configBody).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  configBody: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  if (pathname === '/till-config.json') {
    send(res, 200, typeOf(pathname), Buffer.from(configBody), req.method === 'HEAD');
    return;
  }
  // Resolve inside root only (no ../ escapes); unknown paths get the app (SPA).
  const file = path.resolve(root, '.' + path.posix.normalize(pathname));
  const inside = file === root || file.startsWith(root + path.sep);
  const target = inside && (await isFile(file)) ? file : path.join(root, 'index.html');
  if (!(await isFile(target))) {
    send(
      res,
      503,
      'text/plain; charset=utf-8',
      Buffer.from('The till renderer is not built: run `npx vite build`.'),
      false,
    );
    return;
  }
  send(res, 200, typeOf(target), await readFile(target), req.method === 'HEAD');
}

function send(res: ServerResponse, status: number, type: string, body: Buffer, head: boolean) {
  res.writeHead(status, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(head ? undefined : body);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
