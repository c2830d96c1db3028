// Till-facing endpoints: enrol, push, pull, healthz. Every body, query and
// path is parsed with the protocol schemas before anything is read or written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifySaleTotals } from '../../domain';
import {
  API_PREFIX,
  enrolRequestSchema,
  parseDocumentBody,
  PROTOCOL_VERSION,
  pullParamsSchema,
  pullQuerySchema,
  pushRequestSchema,
  type EnrolResponse,
  type PushResult,
  type SyncDocument,
} from '../protocol';
import { bearerToken, enrolmentCodeHash, newToken, tokenHash } from './credentials';
import { sameContentAsStored, toIngestDocument } from './effects';
import { HttpError, parseOr400 } from './http-errors';
import type { AuthenticatedTerminal, HeadOfficeStorage, IngestDocument } from './storage/port';

interface Deps {
  storage: HeadOfficeStorage;
  now: () => Date;
}

/** The terminal behind the request's bearer token; throws unauthorized / terminal_revoked. */
async function authenticate(
  storage: HeadOfficeStorage,
  request: FastifyRequest,
): Promise<AuthenticatedTerminal> {
  const token = bearerToken(request.headers.authorization);
  if (token === null)
    throw new HttpError(
      'unauthorized',
      'Send the terminal token as "Authorization: Bearer <token>"',
    );
  const found = await storage.findByTokenHash(tokenHash(token));
  if (!found)
    throw new HttpError('unauthorized', 'Head office does not know this token; enrol the terminal');
  if (found.terminal.revokedAt !== null) {
    throw new HttpError(
      'terminal_revoked',
      `Terminal ${found.store.code}-${found.terminal.code} was revoked at ${found.terminal.revokedAt}; enrol it again with a new code`,
    );
  }
  return found;
}

export function registerSyncRoutes(app: FastifyInstance, { storage, now }: Deps): void {
  app.get('/healthz', async () => ({
    ok: true,
    protocol: PROTOCOL_VERSION,
    storage: storage.kind,
  }));

  app.post(`${API_PREFIX}/enrol`, async (request, reply) => {
    const body = parseOr400(enrolRequestSchema, request.body, 'enrolment request');
    const token = newToken();
    const outcome = await storage.enrol({
      codeHash: enrolmentCodeHash(body.code),
      tokenHash: tokenHash(token),
      deviceName: body.deviceName,
      at: now().toISOString(),
    });
    if (!outcome.ok) {
      if (outcome.reason === 'unknown') {
        throw new HttpError(
          'enrolment_code_unknown',
          'Head office does not know this enrolment code; check it for typos',
        );
      }
      if (outcome.reason === 'used') {
        throw new HttpError(
          'enrolment_code_used',
          'This enrolment code has been used already; ask head office for a new one',
        );
      }
      throw new HttpError(
        'terminal_revoked',
        'The terminal for this code was revoked; ask head office for a new one',
      );
    }
    const answer: EnrolResponse = {
      terminalId: outcome.terminal.id,
      storeId: outcome.store.id,
      storeCode: outcome.store.code,
      terminalCode: outcome.terminal.code,
      token,
      storeName: outcome.store.name,
      currency: outcome.store.currency,
    };
    return reply.code(201).send(answer);
  });

  app.post(`${API_PREFIX}/push`, async (request) => {
    const { terminal, store } = await authenticate(storage, request);
    const { documents } = parseOr400(pushRequestSchema, request.body, 'push request');
    // Authorisation first, for the whole batch: a token writes only its own terminal's documents in its own store.
    for (const d of documents) {
      if (d.storeId !== store.id) {
        throw new HttpError(
          'forbidden_store',
          `Document ${d.id} is for store ${d.storeId}; this terminal belongs to store ${store.id} (${store.code}). Nothing was stored.`,
        );
      }
      if (d.terminalId !== terminal.id) {
        throw new HttpError(
          'forbidden_terminal',
          `Document ${d.id} is for terminal ${d.terminalId}; this token is terminal ${terminal.id}. Nothing was stored.`,
        );
      }
    }
    const results: (PushResult | null)[] = [];
    const toStore: { index: number; parsed: SyncDocument; doc: IngestDocument }[] = [];
    documents.forEach((envelope, index) => {
      const parsed = parseDocumentBody(envelope);
      if (!parsed.ok) {
        results.push({
          id: envelope.id,
          status: 'rejected',
          code: 'invalid',
          reason: parsed.reason,
        });
        return;
      }
      if (parsed.document.type === 'sale') {
        const check = verifySaleTotals(parsed.document.body);
        if (!check.ok) {
          results.push({
            id: envelope.id,
            status: 'rejected',
            code: 'totals_mismatch',
            reason: check.reason,
          });
          return;
        }
      }
      results.push(null);
      toStore.push({ index, parsed: parsed.document, doc: toIngestDocument(parsed.document) });
    });
    if (toStore.length > 0) {
      const outcomes = await storage.ingest(
        toStore.map((x) => x.doc),
        now().toISOString(),
      );
      for (const [i, o] of outcomes.entries()) {
        const { index, parsed, doc } = toStore[i] as (typeof toStore)[number];
        if (o.status === 'accepted' || o.status === 'duplicate') {
          results[index] = { id: o.id, status: o.status };
        } else if (o.status === 'conflict') {
          // Hashes differ; canonical forms may still match (stored by another server build).
          results[index] = (await sameContentAsStored(storage, parsed))
            ? { id: o.id, status: 'duplicate' }
            : {
                id: o.id,
                status: 'rejected',
                code: 'conflict',
                reason:
                  'Head office holds a different document with this id; it was not overwritten',
              };
        } else {
          results[index] = {
            id: o.id,
            status: 'rejected',
            code: 'sequence_conflict',
            reason: `Sequence ${doc.sequence} of this terminal is already document ${o.storedId}`,
          };
        }
      }
    }
    return { results };
  });

  app.get(`${API_PREFIX}/pull/:collection`, async (request, reply) => {
    const { store } = await authenticate(storage, request);
    const params = pullParamsSchema.safeParse(request.params);
    if (!params.success) {
      throw new HttpError(
        'not_found',
        `No collection "${(request.params as { collection?: string }).collection}"`,
      );
    }
    const query = parseOr400(pullQuerySchema, request.query, 'pull query');
    const page = await storage.pull(params.data.collection, store.id, query.after, query.limit);
    // Values are stored as JSON text: splice them in rather than parse and re-serialise up to 5000 rows.
    const changes = page.changes
      .map(
        (c) =>
          `{"key":${JSON.stringify(c.key)},"seq":${c.seq},"deleted":${c.deleted},"value":${c.valueJson ?? 'null'}}`,
      )
      .join(',');
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"changes":[${changes}],"checkpoint":${page.checkpoint},"more":${page.more}}`);
  });
}
