// `npm run ho -- <command>`: run and administer head office.
//
//   serve            [--port 8787] [--host 127.0.0.1] [--admin-token T] [--ingest-workers N]
//   create-store     <CODE> <name> [--currency CNY]
//   update-store     <STORE_CODE | storeId> [--name NAME] [--currency XXX]   currency: only before any document
//   create-terminal  <STORE_CODE> <TERMINAL_CODE> [--name text]   prints the one-time enrolment code
//   revoke-terminal  <terminalId | STORE/TERMINAL>
//   reissue-code     <terminalId | STORE/TERMINAL>   prints a new one-time enrolment code for the terminal
//   list
//   import           <file.json | file.csv> [--kind products|taxRates|stock] [--encoding utf-8|gb18030]
//   import-records   <users|customers|loyalty> <file.json> [--encoding utf-8|gb18030]   {storeCode?, upsert: [...], delete: [...]}
//
// Every command takes --data-dir DIR (SQLite, default .data/head-office) or
// --pg URL (PostgreSQL); env TILL_HO_DATA_DIR, TILL_HO_PG, TILL_HO_ADMIN_TOKEN.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  catalogueImportSchema,
  codeSchema,
  currencyCodeSchema,
  updateStoreRequestSchema,
} from '../protocol';
import {
  createStore,
  createTerminal,
  importCatalogue,
  importRecords,
  recordsImportSchema,
  reissueEnrolmentCode,
  revokeTerminal,
  updateStore,
  RECORD_COLLECTIONS,
  type RecordCollection,
} from './admin-service';
import { buildServer } from './app';
import { HttpError } from './http-errors';
import { defaultIngestWorkers } from './ingest-pool';
import {
  catalogueJsonIssues,
  decodeCsvBytes,
  parseCatalogueCsv,
  type CsvKind,
} from './catalogue-csv';
import { openStorage } from './open-storage';
import { AlreadyExistsError, NotFoundError, type HeadOfficeStorage } from './storage/port';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const USAGE = `Usage: npm run ho -- <command> [options]
  serve            [--port 8787] [--host 127.0.0.1] [--admin-token TOKEN] [--ingest-workers N]
  create-store     <CODE> <name> [--currency CNY]
  update-store     <STORE_CODE | storeId> [--name NAME] [--currency XXX]
                   (the currency only until head office holds a document of the store)
  create-terminal  <STORE_CODE> <TERMINAL_CODE> [--name text]
  revoke-terminal  <terminalId | STORE/TERMINAL>
  reissue-code     <terminalId | STORE/TERMINAL>
                   (a new code for that terminal's till; its token stops working, a revocation is lifted)
  list
  import           <file.json | file.csv> [--kind products|taxRates|stock] [--encoding utf-8|gb18030]
                   (default UTF-8; gb18030 for a CSV that Excel saved on Chinese Windows)
  import-records   <users|customers|loyalty> <file.json> [--encoding utf-8|gb18030]
Storage: --data-dir DIR (SQLite, default .data/head-office) or --pg postgres://...`;

class UsageError extends Error {}

function inferKind(csv: string): CsvKind {
  const header = (csv.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  if (header.includes('rate_basis_points')) return 'taxRates';
  if (header.includes('store_code')) return 'stock';
  return 'products';
}

/**
 * An import file's text, decoded strictly in its encoding (decodeCsvBytes: UTF-8, or
 * GB18030 when named); null after telling why not. An unknown encoding is a usage error.
 */
function readImportText(file: string, encoding: string | undefined, io: CliIo): string | null {
  const decoded = decodeCsvBytes(readFileSync(file), encoding, 'import it with --encoding gb18030');
  if (decoded.ok) return decoded.text;
  if (decoded.reason === 'unknown_encoding') throw new UsageError(decoded.message);
  io.err(`${file}: ${decoded.message}`);
  io.err('Nothing imported.');
  return null;
}

/** Run one CLI command; resolves to the process exit code. `serve` resolves only when the server stops. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        pg: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'admin-token': { type: 'string' },
        'ingest-workers': { type: 'string' },
        currency: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        encoding: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [command, ...args] = positionals;
  if (v.help || command === undefined) {
    io.out(USAGE);
    return command === undefined && !v.help ? 2 : 0;
  }
  const storageOpts = {
    dataDir: v['data-dir'] ?? io.env.TILL_HO_DATA_DIR,
    pgUrl: v.pg ?? io.env.TILL_HO_PG,
  };
  const now = new Date();
  let storage: HeadOfficeStorage | null = null;
  try {
    const need = (n: number): string[] => {
      if (args.length < n) throw new UsageError(`${command} needs ${n} argument(s)\n${USAGE}`);
      return args;
    };
    const code = (s: string, what: string): string => {
      const r = codeSchema.safeParse(s);
      if (!r.success) throw new UsageError(`${what} "${s}": ${r.error.issues[0]?.message}`);
      return r.data;
    };
    if (
      ![
        'serve',
        'create-store',
        'update-store',
        'create-terminal',
        'revoke-terminal',
        'reissue-code',
        'list',
        'import',
        'import-records',
      ].includes(command)
    ) {
      throw new UsageError(`Unknown command "${command}"\n${USAGE}`);
    }
    storage = await openStorage(storageOpts);
    switch (command) {
      case 'serve':
        return await serve(storage, v, io);
      case 'create-store': {
        const [c, ...name] = need(2);
        const currency = currencyCodeSchema.safeParse(v.currency ?? 'CNY');
        if (!currency.success) throw new UsageError(`Unknown currency ${v.currency}`);
        const store = await createStore(
          storage,
          { code: code(c as string, 'Store code'), name: name.join(' '), currency: currency.data },
          now,
        );
        io.out(`Created store ${store.code} (${store.name}, ${store.currency}) id ${store.id}`);
        return 0;
      }
      case 'update-store': {
        const [ref, ...words] = need(1);
        // `--name Main Street`: the words after the value are the rest of the name.
        if (v.name === undefined && words.length > 0)
          throw new UsageError(`Give the new name after --name: --name ${words.join(' ')}`);
        const name = v.name === undefined ? undefined : [v.name, ...words].join(' ');
        if (name === undefined && v.currency === undefined)
          throw new UsageError(`update-store needs --name or --currency (or both)\n${USAGE}`);
        const patch = updateStoreRequestSchema.safeParse({ name, currency: v.currency });
        if (!patch.success) {
          const issue = patch.error.issues[0];
          throw new UsageError(
            issue?.path[0] === 'currency'
              ? `Unknown currency ${v.currency}`
              : `Store name: ${issue?.message ?? 'invalid'}`,
          );
        }
        const store = await updateStore(storage, ref as string, patch.data);
        io.out(`Updated store ${store.code} (${store.name}, ${store.currency}) id ${store.id}`);
        return 0;
      }
      case 'create-terminal': {
        const [s, t] = need(2);
        const created = await createTerminal(
          storage,
          s as string,
          { code: code(t as string, 'Terminal code'), name: v.name ?? '' },
          now,
        );
        io.out(`Created terminal ${created.terminal.code} id ${created.terminal.id}`);
        io.out(`Enrolment code (works once): ${created.enrolmentCode}`);
        return 0;
      }
      case 'revoke-terminal': {
        const t = await revokeTerminal(storage, need(1)[0] as string, now);
        io.out(`Revoked terminal ${t.code} (${t.id}) at ${t.revokedAt}`);
        return 0;
      }
      case 'reissue-code': {
        const { terminal, store, enrolmentCode } = await reissueEnrolmentCode(
          storage,
          need(1)[0] as string,
        );
        io.out(
          `Issued a new code for terminal ${store.code}/${terminal.code} id ${terminal.id}; its token and earlier code no longer work`,
        );
        io.out(`Enrolment code (works once): ${enrolmentCode}`);
        return 0;
      }
      case 'import-records': {
        const [collection, file] = need(2) as [string, string];
        if (!(RECORD_COLLECTIONS as readonly string[]).includes(collection)) {
          throw new UsageError(
            `import-records takes users, customers or loyalty, not "${collection}"`,
          );
        }
        // Read as strictly as a catalogue file: names in bytes that are not UTF-8 are
        // refused, never imported as U+FFFD.
        const text = readImportText(file, v.encoding, io);
        if (text === null) return 1;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          io.err(`${file} is not valid JSON: ${(err as Error).message}`);
          return 1;
        }
        const input = recordsImportSchema.safeParse(raw);
        if (!input.success) {
          io.err(
            `${file}: ${input.error.issues[0]?.path.map(String).join('.')}: ${input.error.issues[0]?.message}`,
          );
          return 1;
        }
        const result = await importRecords(storage, collection as RecordCollection, input.data);
        if (!result.ok) {
          for (const e of result.errors) io.err(`${file}: ${e.message}`);
          io.err('Nothing imported.');
          return 1;
        }
        io.out(`Wrote ${result.written} ${collection} row(s)`);
        return 0;
      }
      case 'list': {
        for (const s of await storage.listStores()) {
          io.out(`${s.code}\t${s.name}\t${s.currency}\t${s.id}`);
          for (const t of await storage.listTerminals(s.id)) {
            const state = t.revokedAt
              ? `revoked ${t.revokedAt}`
              : t.enrolledAt
                ? `enrolled ${t.enrolledAt} (${t.deviceName})`
                : 'not enrolled';
            io.out(`  ${t.code}\t${t.id}\t${state}`);
          }
        }
        return 0;
      }
      default: {
        const file = need(1)[0] as string;
        const text = readImportText(file, v.encoding, io);
        if (text === null) return 1;
        let data;
        if (file.toLowerCase().endsWith('.json')) {
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch (err) {
            io.err(`${file} is not valid JSON: ${(err as Error).message}`);
            return 1;
          }
          const r = catalogueImportSchema.safeParse(raw);
          if (!r.success) {
            for (const d of catalogueJsonIssues(r.error)) io.err(`${file}: ${d.message}`);
            io.err('Nothing imported.');
            return 1;
          }
          data = r.data;
        } else {
          const kind = (v.kind ?? inferKind(text)) as CsvKind;
          if (!['products', 'taxRates', 'stock'].includes(kind))
            throw new UsageError(`--kind must be products, taxRates or stock`);
          const r = parseCatalogueCsv(text, kind);
          if (!r.ok) {
            for (const e of r.errors) io.err(`${file}: row ${e.row}: ${e.message}`);
            io.err(`Nothing imported: ${r.errors.length} bad row(s).`);
            return 1;
          }
          data = r.value;
        }
        const result = await importCatalogue(storage, data);
        io.out(
          `Imported ${result.taxRates} tax rate(s), ${result.products} product(s), ${result.stock} stock row(s), ${result.deleted} deletion(s)`,
        );
        return 0;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    if (
      err instanceof NotFoundError ||
      err instanceof AlreadyExistsError ||
      err instanceof HttpError
    ) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    if (command !== 'serve') await storage?.close();
  }
}

async function serve(
  storage: HeadOfficeStorage,
  v: { port?: string; host?: string; 'admin-token'?: string; 'ingest-workers'?: string },
  io: CliIo,
): Promise<number> {
  const workersText = v['ingest-workers'] ?? io.env.TILL_HO_INGEST_WORKERS;
  const ingestWorkers = workersText === undefined ? defaultIngestWorkers() : Number(workersText);
  if (!Number.isInteger(ingestWorkers) || ingestWorkers < 0 || ingestWorkers > 64) {
    throw new UsageError(
      `--ingest-workers must be a whole number from 0 to 64 (0: on the request thread), got "${workersText}"`,
    );
  }
  const port = Number(v.port ?? io.env.TILL_HO_PORT ?? 8787);
  const host = v.host ?? io.env.TILL_HO_HOST ?? '127.0.0.1';
  const adminToken = v['admin-token'] ?? io.env.TILL_HO_ADMIN_TOKEN ?? null;
  const app = await buildServer({ storage, adminToken, logger: true, ingestWorkers });
  const address = await app.listen({ host, port });
  io.out(
    `Head office (${storage.kind}) listening on ${address}; admin API ${adminToken ? 'on' : 'off (no --admin-token)'}; ${ingestWorkers} ingest worker(s)`,
  );
  return new Promise((resolve) => {
    const stop = (): void => {
      void app
        .close()
        .then(() => storage.close())
        .then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runCli(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    env: process.env,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
