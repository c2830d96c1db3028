// The admin CSV import over HTTP decodes the body with its charset. The admin
// scope brings its own text/csv parser, so this holds whether or not the root
// scope (app.ts) registers one: checked on the full server and on the admin
// routes alone, with and without a root parser that reads text/csv as UTF-8.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAdminRoutes } from './admin-routes';
import { createStore } from './admin-service';
import { HttpError, sendError } from './http-errors';
import { openSqliteStorage } from './storage/sqlite/sqlite-storage';
import type { HeadOfficeStorage } from './storage/port';
import { ADMIN_TOKEN, NOW, openHarness } from './testing/harness';

interface Server {
  app: FastifyInstance;
  storage: HeadOfficeStorage;
  close: () => Promise<void>;
}

/** The admin routes on a bare Fastify, optionally under a root text/csv parser that reads UTF-8. */
async function adminRoutesAlone(rootCsvParser: boolean): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), 'till-ho-csv-'));
  const storage = openSqliteStorage(path.join(dir, 'ho.db'));
  await createStore(storage, { code: 'S001', name: 'Main St', currency: 'CNY' }, NOW);
  const app = Fastify();
  if (rootCsvParser) {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
  }
  app.setErrorHandler((err, _request, reply) =>
    err instanceof HttpError
      ? sendError(reply, err.code, err.message, err.details)
      : reply.send(err),
  );
  registerAdminRoutes(app, { storage, adminToken: ADMIN_TOKEN, now: () => NOW });
  return {
    app,
    storage,
    close: async () => {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SERVERS: [string, () => Promise<Server>][] = [
  ['buildServer', () => openHarness()],
  ['admin routes under a root text/csv parser', () => adminRoutesAlone(true)],
  ['admin routes with no root text/csv parser', () => adminRoutesAlone(false)],
];

const CSV =
  'id,sku,name,name_en,price,tax_rate_id\r\n' +
  'P1,COLA,可口可乐,Coca Cola,3.50,vat13\r\n' +
  'P2,WATER,农夫山泉,,2.00,vat13\r\n';

let server: Server | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe.each(SERVERS)('POST /api/v1/admin/catalogue?kind=products (%s)', (_name, open) => {
  const post = (contentType: string, payload: Buffer) =>
    (server as Server).app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalogue?kind=products',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      payload,
    });
  const products = async () => {
    const { storage } = server as Server;
    const store = await storage.getStoreByCode('S001');
    return (await storage.pull('products', store?.id as string, 0, 10)).changes.map(
      (c) => JSON.parse(c.valueJson ?? 'null') as { name: string; searchKeys: string[] },
    );
  };

  it('imports a GB18030 body sent with charset=gb18030', async () => {
    server = await open();
    const res = await post('text/csv; charset=gb18030', iconv.encode(CSV, 'gb18030'));
    expect([res.statusCode, res.json()]).toEqual([
      200,
      { taxRates: 0, products: 2, stock: 0, deleted: 0 },
    ]);
    expect((await products()).map((p) => [p.name, p.searchKeys])).toEqual([
      ['可口可乐', ['coca', 'cola', 'kkkl']],
      ['农夫山泉', ['water', 'nfsq']],
    ]);
  });

  it('refuses GB18030 bytes sent without a charset, importing nothing', async () => {
    server = await open();
    const res = await post('text/csv', iconv.encode(CSV, 'gb18030'));
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'import_invalid']);
    expect(res.json().error.message).toBe(
      'The file is not UTF-8 (line 2 has bytes that are not); if Excel on Chinese Windows saved it, send it as "content-type: text/csv; charset=gb18030"',
    );
    expect(await products()).toEqual([]);
  });

  it('refuses a charset it does not read', async () => {
    server = await open();
    const res = await post('text/csv; charset=big5', Buffer.from(CSV));
    expect([res.statusCode, res.json().error.code]).toEqual([415, 'unsupported_media_type']);
    expect(res.json().error.message).toContain('Unknown encoding "big5"');
  });

  it('reads UTF-8 with a BOM, with or without charset=utf-8', async () => {
    server = await open();
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]);
    expect((await post('text/csv; charset="UTF-8"', bom)).statusCode).toBe(200);
    expect((await post('text/csv', Buffer.from(CSV))).statusCode).toBe(200);
    expect((await products()).map((p) => p.name)).toEqual(['可口可乐', '农夫山泉']);
  });
});
