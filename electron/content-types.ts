// Content types of the built renderer's files (dist/renderer), for both hosts that serve it:
// the Electron app:// protocol (electron/main) and the browser-mode till server
// (scripts/serve-till). Module scripts need a JavaScript type: browsers check it strictly,
// and both hosts send `X-Content-Type-Options: nosniff`.
import { extname } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file by its extension (any case); undefined for one we do not list. */
export function contentTypeFor(file: string): string | undefined {
  return CONTENT_TYPES[extname(file).toLowerCase()];
}
