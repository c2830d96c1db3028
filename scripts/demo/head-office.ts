// The demo's head office: helper code around sync/server's buildServer on an embedded
// SQLite file. It makes sure the demo store and terminal exist (with the ids the till's
// demo seed numbers its receipts with, so a sale rung up before enrolment is accepted as
// that terminal's), issues the one-time enrolment code only while the till has not
// enrolled, and loads the demo catalogue through the admin catalogue import — the same
// endpoint a chain's ERP feed uses — once, remembering it in demo-state.json.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import {
  DEMO_STORE,
  DEMO_TAX_RATES,
  DEMO_TERMINAL,
  demoProducts,
} from '../../renderer/db/demo-catalogue';
import {
  API_PREFIX,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  catalogueImportResultSchema,
  type CatalogueImport,
} from '../../sync/protocol';
import { buildServer } from '../../sync/server/app';
import { defaultIngestWorkers } from '../../sync/server/ingest-pool';
import { enrolmentCodeHash, newEnrolmentCode, newToken } from '../../sync/server/credentials';
import type { HeadOfficeStorage } from '../../sync/server/storage/port';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';
import { demoStockQuantity } from './demo-stock';
import { readDemoState, writeDemoState, type DemoState } from './demo-state';

/** Products per import request: ~0.5 KB each, well under the 8 MiB body limit. */
const IMPORT_CHUNK = 1_000;

export interface DemoHeadOfficeOptions {
  dataDir: string;
  /** Demo products to import (2,000 by default). */
  products: number;
  /** 0 = a free port. */
  port: number;
  log: (line: string) => void;
  now?: () => Date;
}

export interface DemoHeadOffice {
  url: string;
  /** The one-time code for the till; null once the demo terminal has enrolled. */
  enrolmentCode: string | null;
  /** Bearer token of the admin API (`curl -H "Authorization: Bearer …"`). */
  adminToken: string;
  storage: HeadOfficeStorage;
  close(): Promise<void>;
}

export function headOfficeFile(dataDir: string): string {
  return path.join(dataDir, 'head-office.sqlite');
}

export async function startDemoHeadOffice(opts: DemoHeadOfficeOptions): Promise<DemoHeadOffice> {
  const now = opts.now ?? (() => new Date());
  await mkdir(opts.dataDir, { recursive: true });
  const storage = openSqliteStorage(headOfficeFile(opts.dataDir));
  let state: DemoState = (await readDemoState(opts.dataDir)) ?? {
    version: 1,
    adminToken: newToken(),
    enrolmentCode: null,
    importedProducts: 0,
  };
  const app = await buildServer({
    storage,
    adminToken: state.adminToken,
    now,
    ingestWorkers: defaultIngestWorkers(),
  });
  try {
    await app.listen({ host: '127.0.0.1', port: opts.port });
    const address = app.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('head office: no TCP address');
    const url = `http://127.0.0.1:${address.port}`;

    state = { ...state, enrolmentCode: await ensureDemoTerminal(storage, state, now(), opts.log) };
    await writeDemoState(opts.dataDir, state);
    if (state.enrolmentCode === null) {
      // A browser that has not kept the till's token (another browser, cleared site data)
      // asks for a code under its sync line; this makes one, for a new terminal.
      opts.log(
        `head office: the demo till ${DEMO_STORE.code}/${DEMO_TERMINAL.code} is enrolled. To enrol ` +
          `another browser, make a code and type it there:\n  curl -s -X POST ` +
          `-H 'authorization: Bearer ${state.adminToken}' -H 'content-type: application/json' ` +
          `-d '{"code":"T02"}' ${url}/api/v1/admin/stores/${DEMO_STORE.code}/terminals`,
      );
    }

    if (state.importedProducts < opts.products) {
      const started = performance.now();
      await importDemoCatalogue(url, state.adminToken, state.importedProducts, opts.products);
      state = { ...state, importedProducts: opts.products };
      await writeDemoState(opts.dataDir, state);
      opts.log(
        `head office: imported ${opts.products} demo products with stock in ` +
          `${Math.round(performance.now() - started)} ms`,
      );
    }

    return {
      url,
      enrolmentCode: state.enrolmentCode,
      adminToken: state.adminToken,
      storage,
      async close() {
        await app.close();
        await storage.close();
      },
    };
  } catch (error) {
    await app.close();
    await storage.close();
    throw error;
  }
}

/**
 * Creates the demo store and terminal when missing. Returns the enrolment code the till
 * should use, or null when it has enrolled already (the code worked once and is spent).
 */
async function ensureDemoTerminal(
  storage: HeadOfficeStorage,
  state: DemoState,
  now: Date,
  log: (line: string) => void,
): Promise<string | null> {
  const at = now.toISOString();
  // Fixed ids rather than admin-service's UUIDs: the till's demo seed already numbers
  // receipts as S001/T01, and head office lets a terminal write only to its own ids.
  if ((await storage.getStore(DEMO_STORE.id)) === null) {
    await storage.createStore({
      id: DEMO_STORE.id,
      code: DEMO_STORE.code,
      name: DEMO_STORE.name,
      currency: 'CNY',
      createdAt: at,
    });
  }
  const terminal = (await storage.listTerminals(DEMO_STORE.id)).find(
    (t) => t.id === DEMO_TERMINAL.id,
  );
  if (terminal?.enrolledAt) return null;
  if (terminal && state.enrolmentCode !== null) return state.enrolmentCode;
  if (terminal) {
    // Only the code's hash is stored; without the state file it cannot be shown again.
    throw new Error(
      `The demo terminal ${DEMO_TERMINAL.code} exists but its enrolment code was lost ` +
        `(demo-state.json missing); delete the demo data folder to start afresh`,
    );
  }
  const code = newEnrolmentCode();
  await storage.createTerminal(
    {
      id: DEMO_TERMINAL.id,
      storeId: DEMO_STORE.id,
      code: DEMO_TERMINAL.code,
      name: 'Demo till',
      deviceName: null,
      enrolledAt: null,
      revokedAt: null,
      createdAt: at,
    },
    enrolmentCodeHash(code),
  );
  log(`head office: created demo terminal ${DEMO_STORE.code}/${DEMO_TERMINAL.code}`);
  return code;
}

/** Products [from, to) with their stock, in chunks, through POST /api/v1/admin/catalogue. */
async function importDemoCatalogue(
  url: string,
  adminToken: string,
  from: number,
  to: number,
): Promise<void> {
  for (let offset = from; offset < to; offset += IMPORT_CHUNK) {
    const products = demoProducts(Math.min(IMPORT_CHUNK, to - offset), offset);
    const body: CatalogueImport = {
      taxRates: offset === from ? DEMO_TAX_RATES : [],
      products,
      stock: products.map((p, i) => ({
        storeCode: DEMO_STORE.code,
        productId: p.id,
        quantity: demoStockQuantity(offset + i, p.unit),
      })),
      deleteProductIds: [],
    };
    const res = await fetch(`${url}${API_PREFIX}/admin/catalogue`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/json',
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      },
      body: JSON.stringify(body),
    });
    const answer: unknown = await res.json();
    if (!res.ok) {
      throw new Error(
        `head office refused the demo catalogue (HTTP ${res.status}): ${JSON.stringify(answer).slice(0, 500)}`,
      );
    }
    catalogueImportResultSchema.parse(answer);
  }
}
