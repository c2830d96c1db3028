import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureProduct, FIXTURE_TAX_RATES } from '../protocol/testing/sale-fixtures';
import { runCli } from './cli';
import { enrolmentCodeHash } from './credentials';
import { openStorage } from './open-storage';
import { AT, saleDoc, terminalRow } from './storage/contract-fixtures';

let dir: string;
let out: string[];
let err: string[];
const run = (...argv: string[]) =>
  runCli([...argv, '--data-dir', dir], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
  });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'till-ho-cli-'));
  out = [];
  err = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run ho', () => {
  it('refuses a bad --ingest-workers before serving', async () => {
    for (const bad of ['-1', 'two', '1.5', '65']) {
      err = [];
      expect(await run('serve', '--port', '0', `--ingest-workers=${bad}`)).toBe(2);
      expect(err.join('\n')).toContain('--ingest-workers must be a whole number from 0 to 64');
    }
  });

  it('creates a store and a terminal whose printed code enrols it', async () => {
    expect(await run('create-store', 'S001', 'Main', 'Street')).toBe(0);
    expect(await run('create-store', 'S001', 'Again')).toBe(1);
    expect(err.join('\n')).toContain('exists already');
    expect(await run('create-terminal', 'S001', 'T01')).toBe(0);
    const code = /Enrolment code \(works once\): (\S+)/.exec(out.join('\n'))?.[1] as string;
    const storage = await openStorage({ dataDir: dir });
    try {
      const outcome = await storage.enrol({
        codeHash: enrolmentCodeHash(code),
        tokenHash: 't',
        deviceName: 'd',
        at: 'now',
      });
      expect(outcome.ok).toBe(true);
    } finally {
      await storage.close();
    }
    expect(await run('revoke-terminal', 'S001/T01')).toBe(0);
    out = [];
    expect(await run('list')).toBe(0);
    expect(out.join('\n')).toMatch(/S001\tMain Street\tCNY[\s\S]*T01\t.*revoked/);
  });

  it('issues a new code for a terminal, by codes or id, that enrols its till again as the same terminal', async () => {
    await run('create-store', 'S001', 'Main');
    await run('create-terminal', 'S001', 'T01');
    const id = /Created terminal T01 id (\S+)/.exec(out.join('\n'))?.[1] as string;
    const first = /Enrolment code \(works once\): (\S+)/.exec(out.join('\n'))?.[1] as string;
    const enrol = async (code: string, tokenHash: string) => {
      const storage = await openStorage({ dataDir: dir });
      try {
        return await storage.enrol({
          codeHash: enrolmentCodeHash(code),
          tokenHash,
          deviceName: 'd',
          at: AT,
          terminalId: id,
        });
      } finally {
        await storage.close();
      }
    };
    expect((await enrol(first, 'tok-1')).ok).toBe(true);
    expect(await run('revoke-terminal', 'S001/T01')).toBe(0);

    out = [];
    expect(await run('reissue-code', 'S001/T01')).toBe(0);
    expect(out[0]).toBe(
      `Issued a new code for terminal S001/T01 id ${id}; its token and earlier code no longer work`,
    );
    const code = /^Enrolment code \(works once\): (\S+)$/.exec(out[1] ?? '')?.[1] as string;
    out = [];
    await run('list');
    expect(out[1]).toBe(`  T01\t${id}\tnot enrolled`);
    expect(await enrol(code, 'tok-2')).toMatchObject({
      ok: true,
      terminal: { id, revokedAt: null },
    });

    out = [];
    expect(await run('reissue-code', id)).toBe(0);
    expect(out[0]).toContain(`terminal S001/T01 id ${id}`);
    expect(await enrol(code, 'tok-3')).toEqual({ ok: false, reason: 'unknown' });

    expect(await run('reissue-code', 'S001/T09')).toBe(1);
    expect(err.at(-1)).toBe('Store S001 has no terminal T09');
    expect(await run('reissue-code')).toBe(2);
    expect(err.at(-1)).toContain('reissue-code needs 1 argument(s)');
  });

  it('corrects a store by code or id: its name, and its currency until a document of it is stored', async () => {
    expect(await run('create-store', 'S001', 'Main', '--currency', 'HKD')).toBe(0);
    const id = / id (\S+)$/.exec(out.at(-1) ?? '')?.[1] as string;
    expect(await run('update-store', 'S001', '--name', 'Main', 'Street', '--currency', 'CNY')).toBe(
      0,
    );
    expect(out.at(-1)).toBe(`Updated store S001 (Main Street, CNY) id ${id}`);
    expect(await run('update-store', id, '--name', '主街店')).toBe(0);
    expect(out.at(-1)).toBe(`Updated store S001 (主街店, CNY) id ${id}`);

    // A till's sale, stored.
    const storage = await openStorage({ dataDir: dir });
    try {
      const till = await storage.createTerminal(terminalRow(id, 'T01'), 'code-hash');
      await storage.ingest([saleDoc(id, till.id, 1)], AT);
    } finally {
      await storage.close();
    }
    expect(await run('update-store', 'S001', '--currency', 'HKD')).toBe(1);
    expect(err).toEqual([
      'Store S001 already holds 1 document in CNY; its currency can be corrected only before any document is stored',
    ]);
    expect(await run('update-store', 'S001', '--currency', 'CNY', '--name', 'Main')).toBe(0);
    expect(await run('update-store', 'S404', '--name', 'Nowhere')).toBe(1);
    expect(err.at(-1)).toBe('No store with id or code "S404"');
    out = [];
    expect(await run('list')).toBe(0);
    expect(out[0]).toBe(`S001\tMain\tCNY\t${id}`);
  });

  it('refuses an update-store without a change, with an unknown currency or a name outside --name', async () => {
    await run('create-store', 'S001', 'Main');
    for (const [args, message] of [
      [['S001'], 'update-store needs --name or --currency (or both)'],
      [['S001', '--currency', 'GBP'], 'Unknown currency GBP'],
      [['S001', '--name', ' '], 'Store name: Too small'],
      [['S001', 'Main', 'Street'], 'Give the new name after --name: --name Main Street'],
      [[], 'update-store needs 1 argument(s)'],
    ] as const) {
      err = [];
      expect(await run('update-store', ...args)).toBe(2);
      expect(err.join('\n')).toContain(message);
    }
    out = [];
    await run('list');
    expect(out[0]).toMatch(/^S001\tMain\tCNY\t/);
  });

  it('imports a JSON catalogue and a stock CSV', async () => {
    await run('create-store', 'S001', 'Main');
    const json = path.join(dir, 'catalogue.json');
    writeFileSync(
      json,
      JSON.stringify({
        taxRates: FIXTURE_TAX_RATES,
        products: [fixtureProduct(1), fixtureProduct(2)],
      }),
    );
    expect(await run('import', json)).toBe(0);
    const csv = path.join(dir, 'stock.csv');
    writeFileSync(csv, 'store_code,product_id,quantity\r\nS001,P000001,12\r\nS001,P000002,-3\r\n');
    expect(await run('import', csv)).toBe(0);
    expect(out.at(-1)).toBe('Imported 0 tax rate(s), 0 product(s), 2 stock row(s), 0 deletion(s)');
    const storage = await openStorage({ dataDir: dir });
    try {
      const store = await storage.getStoreByCode('S001');
      expect(await storage.stockQuantity(store?.id as string, 'P000002')).toBe(-3);
      expect((await storage.pull('products', store?.id as string, 0, 10)).changes).toHaveLength(2);
    } finally {
      await storage.close();
    }
  });

  it('names every bad row and imports nothing from a file that has one', async () => {
    const csv = path.join(dir, 'products.csv');
    writeFileSync(
      csv,
      'id,sku,name,name_en,price,currency,tax_rate_id,unit\n' +
        'P1,A1,苹果,Apple,3.5,CNY,vat13,kg\n' +
        'P2,A2,梨,Pear,3.555,CNY,vat13,each\n' +
        'P3,A3,桃,Peach,1,XXX,vat13,each\n' +
        'P4,A4,橙,Orange,1,CNY,vat13,box\n',
    );
    expect(await run('import', csv)).toBe(1);
    expect(err.filter((l) => l.includes(': row ')).map((l) => /row (\d+)/.exec(l)?.[1])).toEqual([
      '3',
      '4',
      '5',
    ]);
    expect(err.join('\n')).toContain('currency: "XXX"');
    const storage = await openStorage({ dataDir: dir });
    try {
      expect((await storage.pull('products', 'any-store', 0, 10)).changes).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('imports a GB18030 CSV with --encoding gb18030 and refuses it without', async () => {
    await run('create-store', 'S001', 'Main');
    const csv = path.join(dir, 'products-excel.csv');
    writeFileSync(
      csv,
      iconv.encode(
        'id,sku,name,price,tax_rate_id\r\nP1,COLA,可口可乐,3.50,vat13\r\nP2,WATER,农夫山泉,2.00,vat13\r\n',
        'gb18030',
      ),
    );
    const products = async () => {
      const storage = await openStorage({ dataDir: dir });
      try {
        const store = await storage.getStoreByCode('S001');
        return (await storage.pull('products', store?.id as string, 0, 10)).changes.map(
          (c) => JSON.parse(c.valueJson ?? 'null') as { name: string; searchKeys: string[] },
        );
      } finally {
        await storage.close();
      }
    };
    expect(await run('import', csv)).toBe(1);
    expect(err).toEqual([
      `${csv}: The file is not UTF-8 (line 2 has bytes that are not); if Excel on Chinese Windows saved it, import it with --encoding gb18030`,
      'Nothing imported.',
    ]);
    expect(await products()).toEqual([]);
    err = [];
    expect(await run('import', csv, '--encoding', 'latin1')).toBe(2);
    expect(err[0]).toContain('Unknown encoding "latin1"');
    expect(await run('import', csv, '--encoding', 'gb18030')).toBe(0);
    expect(out.at(-1)).toBe('Imported 0 tax rate(s), 2 product(s), 0 stock row(s), 0 deletion(s)');
    expect((await products()).map((p) => [p.name, p.searchKeys])).toEqual([
      ['可口可乐', ['cola', 'kkkl']],
      ['农夫山泉', ['water', 'nfsq']],
    ]);
  });

  it('refuses a records file that is not UTF-8, and reads one named GB18030', async () => {
    const file = path.join(dir, 'users-gbk.json');
    writeFileSync(
      file,
      iconv.encode(
        JSON.stringify({ upsert: [{ id: 'U1', name: '李娜', role: 'cashier', active: true }] }),
        'gb18030',
      ),
    );
    expect(await run('import-records', 'users', file)).toBe(1);
    expect(err).toEqual([
      `${file}: The file is not UTF-8 (line 1 has bytes that are not); if Excel on Chinese Windows saved it, import it with --encoding gb18030`,
      'Nothing imported.',
    ]);
    expect(await run('import-records', 'users', file, '--encoding', 'gb18030')).toBe(0);
    const storage = await openStorage({ dataDir: dir });
    try {
      const [user] = (await storage.pull('users', 'any-store', 0, 10)).changes;
      expect(JSON.parse(user?.valueJson ?? 'null')).toMatchObject({ id: 'U1', name: '李娜' });
    } finally {
      await storage.close();
    }
  });

  it('numbers the bad entries of a JSON catalogue', async () => {
    const json = path.join(dir, 'bad.json');
    const products = [fixtureProduct(1), { ...fixtureProduct(2), priceMinor: 1.5 }];
    writeFileSync(json, JSON.stringify({ products }));
    expect(await run('import', json)).toBe(1);
    expect(err[0]).toMatch(/bad\.json: products row 2: priceMinor: /);
  });

  it('imports users for one store and customers for all, numbering bad rows', async () => {
    await run('create-store', 'S001', 'Main');
    await run('create-store', 'S002', 'East');
    const users = path.join(dir, 'users.json');
    writeFileSync(
      users,
      JSON.stringify({
        storeCode: 'S001',
        upsert: [{ id: 'U1', name: '李', role: 'cashier', active: true }],
      }),
    );
    expect(await run('import-records', 'users', users)).toBe(0);
    const bad = path.join(dir, 'customers.json');
    writeFileSync(
      bad,
      JSON.stringify({
        upsert: [{ id: 'C1', name: 'Wang', phone: null, memberNo: 'M1' }, { id: 'C2' }],
      }),
    );
    expect(await run('import-records', 'customers', bad)).toBe(1);
    expect(err.join('\n')).toContain('upsert row 2: name');
    const storage = await openStorage({ dataDir: dir });
    try {
      const s1 = await storage.getStoreByCode('S001');
      const s2 = await storage.getStoreByCode('S002');
      expect(
        (await storage.pull('users', s1?.id as string, 0, 10)).changes.map((c) => c.key),
      ).toEqual(['U1']);
      expect((await storage.pull('users', s2?.id as string, 0, 10)).changes).toEqual([]);
      expect((await storage.pull('customers', s1?.id as string, 0, 10)).changes).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('refuses an unknown command with usage', async () => {
    expect(await run('explode')).toBe(2);
    expect(err.join('\n')).toContain('Usage: npm run ho');
  });
});
