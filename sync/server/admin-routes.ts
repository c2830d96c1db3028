// Admin endpoints (bearer = the server's admin token): the same operations as
// the CLI, for a head-office page or a script.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  API_PREFIX,
  catalogueImportSchema,
  createStoreRequestSchema,
  createTerminalRequestSchema,
  idSchema,
  updateStoreRequestSchema,
  type CreateTerminalResponse,
  type StoreInfo,
  type TerminalInfo,
} from '../protocol';
import {
  createStore,
  createTerminal,
  importCatalogue,
  importRecords,
  recordsImportSchema,
  RECORD_COLLECTIONS,
  reissueEnrolmentCode,
  resolveStore,
  type RecordCollection,
  revokeTerminal,
  updateStore,
} from './admin-service';
import {
  catalogueJsonIssues,
  decodeCsvBytes,
  parseCatalogueCsv,
  type CsvKind,
} from './catalogue-csv';
import { bearerToken, sameSecret } from './credentials';
import { HttpError, parseOr400 } from './http-errors';
import type { HeadOfficeStorage, StoreRow, TerminalRow } from './storage/port';

interface Deps {
  storage: HeadOfficeStorage;
  adminToken: string | null;
  now: () => Date;
}

const storeInfo = (s: StoreRow): StoreInfo => ({
  storeId: s.id,
  code: s.code,
  name: s.name,
  currency: s.currency,
});
const terminalInfo = (t: TerminalRow): TerminalInfo => ({
  terminalId: t.id,
  storeId: t.storeId,
  code: t.code,
  name: t.name,
  deviceName: t.deviceName,
  enrolledAt: t.enrolledAt,
  revokedAt: t.revokedAt,
});

/**
 * The answer to `POST /admin/terminals/{id}/enrolment-code` (docs/protocol.md,
 * "Admin API"). The code is shown only here.
 */
interface ReissuedCodeResponse {
  terminalId: string;
  storeId: string;
  storeCode: string;
  terminalCode: string;
  enrolmentCode: string;
}

const idParams = z.strictObject({ id: idSchema });
const recordsParams = z.strictObject({ collection: z.enum(RECORD_COLLECTIONS) });

/** The records collection a path names; another name is `not_found`, as in a pull. */
function recordCollection(params: unknown): RecordCollection {
  const { collection } = parseOr400(z.strictObject({ collection: z.string() }), params, 'path');
  const known = recordsParams.safeParse({ collection });
  if (!known.success) {
    throw new HttpError(
      'not_found',
      `No records collection "${collection}" (users, customers or loyalty)`,
    );
  }
  return known.data.collection;
}
const csvQuery = z.strictObject({ kind: z.enum(['products', 'taxRates', 'stock']) });

/** The charset parameter of a content-type header (`text/csv; charset="GB18030"` → GB18030). */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

export function registerAdminRoutes(
  app: FastifyInstance,
  { storage, adminToken, now }: Deps,
): void {
  const prefix = `${API_PREFIX}/admin`;
  app.register(async (admin) => {
    // CSV bodies reach the catalogue import as bytes, decoded there with the
    // request's charset (decodeCsvBytes); only the admin scope reads text/csv.
    admin.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    admin.addHook('onRequest', async (request) => {
      if (request.method === 'OPTIONS') return;
      const token = bearerToken(request.headers.authorization);
      if (adminToken === null)
        throw new HttpError(
          'unauthorized',
          'The admin API is disabled on this server (no admin token set)',
        );
      if (token === null || !sameSecret(token, adminToken)) {
        throw new HttpError(
          'unauthorized',
          'Send the admin token as "Authorization: Bearer <token>"',
        );
      }
      // Only the catalogue import reads CSV; elsewhere the bytes would fail as "not an object".
      const type = request.headers['content-type'] ?? '';
      if (/^text\/csv\b/i.test(type) && request.routeOptions.url !== `${prefix}/catalogue`) {
        throw new HttpError('unsupported_media_type', 'Send the body as application/json');
      }
    });

    admin.get(`${prefix}/stores`, async () => ({
      stores: (await storage.listStores()).map(storeInfo),
    }));

    admin.post(`${prefix}/stores`, async (request, reply) => {
      const body = parseOr400(createStoreRequestSchema, request.body, 'store');
      return reply.code(201).send(storeInfo(await createStore(storage, body, now())));
    });

    admin.patch(`${prefix}/stores/:id`, async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const patch = parseOr400(updateStoreRequestSchema, request.body, 'store correction');
      return storeInfo(await updateStore(storage, id, patch));
    });

    admin.get(`${prefix}/stores/:id/terminals`, async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const store = await resolveStore(storage, id);
      return { terminals: (await storage.listTerminals(store.id)).map(terminalInfo) };
    });

    admin.post(`${prefix}/stores/:id/terminals`, async (request, reply) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const body = parseOr400(createTerminalRequestSchema, request.body, 'terminal');
      const created = await createTerminal(storage, id, body, now());
      const answer: CreateTerminalResponse = {
        terminalId: created.terminal.id,
        storeId: created.terminal.storeId,
        code: created.terminal.code,
        enrolmentCode: created.enrolmentCode,
      };
      return reply.code(201).send(answer);
    });

    admin.post(`${prefix}/terminals/:id/revoke`, async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const t = await revokeTerminal(storage, id, now());
      return { terminalId: t.id, revokedAt: t.revokedAt };
    });

    // A new one-time code for an existing terminal (by id or STORE%2FTERMINAL codes).
    admin.post(`${prefix}/terminals/:id/enrolment-code`, async (request) => {
      const { id } = parseOr400(idParams, request.params, 'path');
      const { terminal, store, enrolmentCode } = await reissueEnrolmentCode(storage, id);
      const answer: ReissuedCodeResponse = {
        terminalId: terminal.id,
        storeId: store.id,
        storeCode: store.code,
        terminalCode: terminal.code,
        enrolmentCode,
      };
      return answer;
    });

    admin.post(`${prefix}/records/:collection`, async (request) => {
      const collection = recordCollection(request.params);
      const body = parseOr400(recordsImportSchema, request.body, 'records import');
      const result = await importRecords(storage, collection, body);
      if (!result.ok) {
        throw new HttpError(
          'import_invalid',
          `${result.errors.length} bad row(s); nothing imported`,
          result.errors,
        );
      }
      return { written: result.written };
    });

    admin.post(`${prefix}/catalogue`, async (request) => {
      if (Buffer.isBuffer(request.body)) {
        const { kind } = parseOr400(
          csvQuery,
          request.query,
          'query (CSV needs ?kind=products|taxRates|stock)',
        );
        const decoded = decodeCsvBytes(
          request.body,
          charsetOf(request.headers['content-type']),
          'send it as "content-type: text/csv; charset=gb18030"',
        );
        if (!decoded.ok) {
          throw new HttpError(
            decoded.reason === 'unknown_encoding' ? 'unsupported_media_type' : 'import_invalid',
            decoded.message,
          );
        }
        const parsed = parseCatalogueCsv(decoded.text, kind as CsvKind);
        if (!parsed.ok)
          throw new HttpError(
            'import_invalid',
            `The CSV has ${parsed.errors.length} bad row(s)`,
            parsed.errors,
          );
        return importCatalogue(storage, parsed.value);
      }
      const data = catalogueImportSchema.safeParse(request.body);
      if (!data.success) {
        throw new HttpError(
          'import_invalid',
          'The catalogue is not valid',
          catalogueJsonIssues(data.error),
        );
      }
      return importCatalogue(storage, data.data);
    });
  });
}
