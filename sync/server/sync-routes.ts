// Till-facing endpoints: enrol, push, pull, healthz. Every body, query and
// path is parsed with the protocol schemas before anything is read or written.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_PREFIX,
  enrolRequestSchema,
  PROTOCOL_VERSION,
  pullParamsSchema,
  pullQuerySchema,
  type EnrolResponse,
} from '../protocol';
import { bearerToken, enrolmentCodeHash, newToken, tokenHash } from './credentials';
import { sameContentAsStored } from './effects';
import { HttpError, parseOr400 } from './http-errors';
import type { PushPreparer } from './ingest-pool';
import type { AuthenticatedTerminal, HeadOfficeStorage } from './storage/port';

interface Deps {
  storage: HeadOfficeStorage;
  now: () => Date;
  /** Where push bodies are parsed and checked (the request thread or ingest workers). */
  preparer: PushPreparer;
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

export function registerSyncRoutes(app: FastifyInstance, { storage, now, preparer }: Deps): void {
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

  // The push body reaches the handler as bytes: it is decoded and parsed where it is
  // prepared (an ingest worker, unless there are none), not on the request thread.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(`${API_PREFIX}/push`, async (request) => {
      const { terminal, store } = await authenticate(storage, request);
      const contentType = request.headers['content-type'] ?? '';
      if (!(request.body instanceof Uint8Array) || !/^application\/json\b/i.test(contentType))
        throw new HttpError('unsupported_media_type', 'Send the body as application/json');
      const { results, toStore } = await preparer.prepare(request.body, {
        storeId: store.id,
        storeCode: store.code,
        terminalId: terminal.id,
      });
      if (toStore.length > 0) {
        const outcomes = await storage.ingest(
          toStore.map((x) => x.doc),
          now().toISOString(),
        );
        for (const [i, o] of outcomes.entries()) {
          const { index, doc } = toStore[i] as (typeof toStore)[number];
          if (o.status === 'accepted' || o.status === 'duplicate') {
            results[index] = { id: o.id, status: o.status };
          } else if (o.status === 'conflict') {
            // Hashes differ; canonical forms may still match (stored by another server build).
            results[index] = (await sameContentAsStored(storage, doc))
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
