// The demo stack as `npm start` uses it: a fresh data dir gets a head office with the demo
// catalogue and an enrolment code that really enrols; a restart keeps everything and issues
// no second code; the bridge drives the virtual printer with the per-start secret.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTRACT_VERSION } from '../hardware/contract/till-host';
import { DEMO_STORE, DEMO_TERMINAL } from '../renderer/db/demo-catalogue';
import {
  API_PREFIX,
  enrolResponseSchema,
  pullResponseSchema,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from '../sync/protocol';
import { demoTillConfigBlocks, startDemoStack, type DemoStack } from './demo-stack';

const PRODUCTS = 2_000;
const running: DemoStack[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'till-demo-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, log: (line: string) => void = () => {}): Promise<DemoStack> {
  const stack = await startDemoStack({ dataDir, products: PRODUCTS, log });
  running.push(stack);
  return stack;
}

const headers = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

async function enrol(url: string, code: string) {
  const res = await fetch(`${url}${API_PREFIX}/enrol`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code, deviceName: 'Demo till test' }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Every key of a pulled collection, following `more`. */
async function pullKeys(url: string, token: string, collection: string): Promise<unknown[]> {
  const values: unknown[] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${url}${API_PREFIX}/pull/${collection}?after=${after}&limit=5000`, {
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const page = pullResponseSchema.parse(await res.json());
    values.push(...page.changes.map((c) => c.value));
    after = page.checkpoint;
    if (!page.more) return values;
  }
}

/** One bridge session: hello with the secret, then calls by channel. */
async function bridgeCall(
  stack: DemoStack,
  channel: string,
  args: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const ws = new WebSocket(stack.bridge.url, { origin: 'http://127.0.0.1:4173' });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const frames: unknown[] = [];
    const next = () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const take = () => {
          const f = frames.shift();
          if (f) resolve(f as Record<string, unknown>);
          else setTimeout(take, 5);
        };
        take();
      });
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.send(
      JSON.stringify({ type: 'hello', secret: stack.bridge.secret, version: CONTRACT_VERSION }),
    );
    expect(await next()).toMatchObject({ type: 'welcome' });
    ws.send(JSON.stringify({ type: 'call', id: 1, channel, args }));
    for (;;) {
      const frame = await next();
      if (frame.type === 'reply') return frame.reply as { ok: boolean };
    }
  } finally {
    ws.close();
  }
}

describe('demo stack', () => {
  it('starts a head office with the demo catalogue and a one-time code the till can enrol with', async () => {
    const stack = await start(await tempDir());
    expect(stack.headOffice.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.headOffice.enrolmentCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const enrolled = await enrol(stack.headOffice.url, stack.headOffice.enrolmentCode as string);
    expect(enrolled.status).toBe(201);
    const identity = enrolResponseSchema.parse(enrolled.body);
    // The same ids the till's demo seed numbers receipts with.
    expect(identity).toMatchObject({
      storeId: DEMO_STORE.id,
      storeCode: DEMO_STORE.code,
      terminalId: DEMO_TERMINAL.id,
      terminalCode: DEMO_TERMINAL.code,
      currency: 'CNY',
    });
    expect(
      (await enrol(stack.headOffice.url, stack.headOffice.enrolmentCode as string)).status,
    ).toBeGreaterThanOrEqual(400);

    const products = (await pullKeys(stack.headOffice.url, identity.token, 'products')) as {
      name: string;
      unit: string;
      barcodes: string[];
    }[];
    expect(products).toHaveLength(PRODUCTS);
    expect(products.some((p) => /[\u4e00-\u9fff]/.test(p.name))).toBe(true);
    expect(products.some((p) => p.unit === 'kg')).toBe(true);
    const taxRates = (await pullKeys(stack.headOffice.url, identity.token, 'taxRates')) as {
      id: string;
    }[];
    expect(taxRates.map((t) => t.id).sort()).toEqual(['VAT13', 'VAT9']);
    const stock = (await pullKeys(stack.headOffice.url, identity.token, 'stock')) as {
      quantity: number;
    }[];
    expect(stock).toHaveLength(PRODUCTS);
    expect(stock.every((s) => s.quantity > 0)).toBe(true);

    expect(demoTillConfigBlocks(stack)).toEqual({
      headOffice: { url: stack.headOffice.url, enrolmentCode: stack.headOffice.enrolmentCode },
      bridge: stack.bridge,
    });
  });

  it('keeps its state across a restart: no second code once enrolled, no second import', async () => {
    const dir = await tempDir();
    const first = await start(dir);
    const code = first.headOffice.enrolmentCode as string;
    await first.close();

    // Not enrolled yet: the same code is offered again.
    const second = await start(dir);
    expect(second.headOffice.enrolmentCode).toBe(code);
    const identity = enrolResponseSchema.parse((await enrol(second.headOffice.url, code)).body);
    await second.close();

    const lines: string[] = [];
    const third = await start(dir, (line) => lines.push(line));
    expect(third.headOffice.enrolmentCode).toBeNull();
    expect(demoTillConfigBlocks(third).headOffice).toEqual({ url: third.headOffice.url });
    // The token from the first enrolment still works, and the catalogue was not re-imported.
    const products = await pullKeys(third.headOffice.url, identity.token, 'products');
    expect(products).toHaveLength(PRODUCTS);

    // Another browser has no token: the log says how to make it a code, and that works.
    const hint = lines.find((l) => l.includes('To enrol another browser')) ?? '';
    const curl = hint.match(/-H 'authorization: Bearer ([^']+)' .* -d '([^']+)' (http:\/\/\S+)/);
    expect(curl).not.toBeNull();
    const [, adminToken, body, url] = curl as RegExpMatchArray;
    const made = await fetch(url as string, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body,
    });
    expect(made.status).toBe(201);
    const { enrolmentCode } = (await made.json()) as { enrolmentCode: string };
    const other = await enrol(third.headOffice.url, enrolmentCode);
    expect(other.status).toBe(201);
    expect(enrolResponseSchema.parse(other.body)).toMatchObject({
      storeCode: 'S001',
      terminalCode: 'T02',
    });
  });

  it('prints and kicks the drawer on the virtual printer through the bridge', async () => {
    const dir = await tempDir();
    const stack = await start(dir);
    const drawer = await bridgeCall(stack, 'drawer:open', {
      reason: 'no_sale',
      userId: 'C01',
      saleId: null,
      printerId: null,
    });
    expect(drawer).toMatchObject({ ok: true, value: { printerId: 'receipt' } });

    // ESC @, "TEST", LF, GS V 0 (cut): a minimal receipt.
    const bytes = Buffer.from([0x1b, 0x40, 0x54, 0x45, 0x53, 0x54, 0x0a, 0x1d, 0x56, 0x00]);
    const printed = await bridgeCall(stack, 'printer:print', {
      jobId: 'job-1',
      printerId: null,
      job: { kind: 'raw', bytesBase64: bytes.toString('base64') },
    });
    expect(printed).toMatchObject({ ok: true, value: { jobId: 'job-1', bytes: bytes.length } });
    const files = await readdir(stack.printer.receiptsDir);
    expect(files.some((f) => f.endsWith('.txt'))).toBe(true);

    const wrongSecret = new WebSocket(`${stack.bridge.url}?secret=not-the-secret-at-all`, {
      origin: 'http://127.0.0.1:4173',
    });
    const closeCode = await new Promise<number>((resolve) => wrongSecret.once('close', resolve));
    expect(closeCode).toBe(4401);
  });
});
