// The admin CSV import over HTTP decodes the body with its charset.
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, openHarness, type Harness } from './testing/harness';

const CSV =
  'id,sku,name,name_en,price,tax_rate_id\r\n' +
  'P1,COLA,可口可乐,Coca Cola,3.50,vat13\r\n' +
  'P2,WATER,农夫山泉,,2.00,vat13\r\n';

let server: Harness | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('POST /api/v1/admin/catalogue?kind=products', () => {
  const open = (): Promise<Harness> => openHarness();
  const post = (contentType: string, payload: Buffer) =>
    (server as Harness).app.inject({
      method: 'POST',
      url: '/api/v1/admin/catalogue?kind=products',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
      payload,
    });
  const products = async () => {
    const { storage } = server as Harness;
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
