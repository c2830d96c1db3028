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
  type TerminalStateResponse,
} from '../protocol';
import { bearerToken, enrolmentCodeHash, newToken, tokenHash } from './credentials';
import { sameContentAsStored } from './effects';
import { HttpError, parseOr400 } from './http-errors';
import type { PushPreparer } from './ingest-pool';
import { refuseOtherCurrency, type PushAuth, type PushIdentity } from './push-prepare';
import type {
  AuthenticatedTerminal,
  EnrolOutcome,
  HeadOfficeStorage,
  TerminalCodes,
} from './storage/port';

interface Deps {
  storage: HeadOfficeStorage;
  now: () => Date;
  /** Where push bodies are parsed and checked (the request thread or ingest workers). */
  preparer: PushPreparer;
}

/** The hash of the request's bearer token; throws unauthorized when there is none. */
function requestTokenHash(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  if (token === null)
    throw new HttpError(
      'unauthorized',
      'Send the terminal token as "Authorization: Bearer <token>"',
    );
  return tokenHash(token);
}

/** The terminal behind the request's bearer token; throws unauthorized / terminal_revoked. */
async function authenticate(
  storage: HeadOfficeStorage,
  request: FastifyRequest,
): Promise<AuthenticatedTerminal> {
  return authenticateHash(storage, requestTokenHash(request));
}

async function authenticateHash(
  storage: HeadOfficeStorage,
  hash: string,
): Promise<AuthenticatedTerminal> {
  const found = await storage.findByTokenHash(hash);
  if (!found)
    throw new HttpError('unauthorized', 'Head office does not know this token; enrol the terminal');
  if (found.terminal.revokedAt !== null) {
    throw new HttpError(
      'terminal_revoked',
      `Terminal ${found.store.code}-${found.terminal.code} was revoked at ${found.terminal.revokedAt}; ask head office for a new code for it (npm run ho -- reissue-code ${found.store.code}/${found.terminal.code}) and enrol it again`,
    );
  }
  return found;
}

/** A terminal as in receipt numbers ("S001-T01"), and as the CLI takes it ("S001/T01"). */
const shown = (t: TerminalCodes): string => `${t.storeCode}-${t.terminalCode}`;
const cliRef = (t: TerminalCodes): string => `${t.storeCode}/${t.terminalCode}`;

/** Why an enrolment was refused, for the person at the till and the one at head office. */
function enrolRefusal(
  outcome: Exclude<EnrolOutcome, { ok: true }>,
  tillTerminalId: string | undefined,
): HttpError {
  switch (outcome.reason) {
    case 'unknown':
      return new HttpError(
        'enrolment_code_unknown',
        'Head office does not know this enrolment code: check it for typos, or ask head office for the newest one (a code issued again replaces the one before)',
      );
    case 'used':
      return new HttpError(
        'enrolment_code_used',
        'This enrolment code has been used already; ask head office for a new one',
      );
    case 'revoked':
      return new HttpError(
        'terminal_revoked',
        `Terminal ${shown(outcome.codeFor)}, which this code is for, was revoked; ask head office for a new code for it (npm run ho -- reissue-code ${cliRef(outcome.codeFor)})`,
      );
    case 'other_terminal': {
      const { codeFor, till } = outcome;
      return new HttpError(
        'enrolment_code_other_terminal',
        till === null
          ? `This code is for terminal ${shown(codeFor)}; this till is terminal ${tillTerminalId}, which this head office does not know. Check that the till is set up with the right head office`
          : `This code is for terminal ${shown(codeFor)}; this till is terminal ${shown(till)}. Ask head office for a code for this till: npm run ho -- reissue-code ${cliRef(till)}`,
      );
    }
    case 'has_documents': {
      const { codeFor, documents: n } = outcome;
      return new HttpError(
        'terminal_has_documents',
        `Head office already holds ${n} document${n === 1 ? '' : 's'} of terminal ${shown(codeFor)}; only that till may enrol with this code. Give a new till a new terminal: npm run ho -- create-terminal ${codeFor.storeCode} <TERMINAL_CODE>`,
      );
    }
  }
}

/** Most tokens RecentTerminals keeps; the oldest is dropped beyond it. */
const RECENT_TERMINALS = 10_000;

/**
 * Tokens that authenticated on this instance, with the store and terminal they
 * stood for. A push under one of them starts its preparation (parse, schema
 * checks, totals: the CPU-heavy part, in an ingest worker) while the token is
 * checked against the database again, instead of after that check: on the
 * ingest bench the check took ~1.4 ms of a ~25 ms push. The check still
 * decides before anything is stored or answered, so a push under a token
 * revoked since, or dropped by a new enrolment code for its terminal, is
 * refused as before and costs one wasted preparation. A token this instance
 * has not seen pass gets no work done before it does. The preparation does not
 * depend on the store's currency, which an operator may correct meanwhile:
 * documents are judged by it after the check (refuseOtherCurrency).
 */
export class RecentTerminals {
  private readonly byHash = new Map<string, PushIdentity>();

  constructor(private readonly max = RECENT_TERMINALS) {}

  get(hash: string): PushIdentity | undefined {
    return this.byHash.get(hash);
  }

  remember(hash: string, who: PushIdentity): void {
    this.byHash.delete(hash);
    this.byHash.set(hash, who);
    if (this.byHash.size > this.max) {
      const oldest = this.byHash.keys().next();
      if (!oldest.done) this.byHash.delete(oldest.value);
    }
  }

  forget(hash: string): void {
    this.byHash.delete(hash);
  }
}

function sameIdentity(a: PushIdentity | undefined, b: PushIdentity): boolean {
  return (
    a !== undefined &&
    a.storeId === b.storeId &&
    a.storeCode === b.storeCode &&
    a.terminalId === b.terminalId
  );
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
      ...(body.terminalId === undefined ? {} : { terminalId: body.terminalId }),
    });
    if (!outcome.ok) throw enrolRefusal(outcome, body.terminalId);
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
    const recent = new RecentTerminals();
    scope.post(`${API_PREFIX}/push`, async (request) => {
      const hash = requestTokenHash(request);
      const contentType = request.headers['content-type'] ?? '';
      const body =
        request.body instanceof Uint8Array && /^application\/json\b/i.test(contentType)
          ? request.body
          : null;
      // A token that passed before: prepare while it is checked again (RecentTerminals).
      const known = recent.get(hash);
      const early = known && body ? preparer.prepare(body, known) : null;
      // Its outcome is read only once the token has passed.
      early?.catch(() => undefined);
      let found: AuthenticatedTerminal;
      try {
        found = await authenticateHash(storage, hash);
      } catch (err) {
        recent.forget(hash);
        throw err;
      }
      const auth: PushAuth = {
        storeId: found.store.id,
        storeCode: found.store.code,
        terminalId: found.terminal.id,
        currency: found.store.currency,
      };
      recent.remember(hash, auth);
      if (!body) throw new HttpError('unsupported_media_type', 'Send the body as application/json');
      if (early && !sameIdentity(known, auth)) {
        // The body went to that preparation: the till sends the push again.
        await early.catch(() => undefined);
        throw new HttpError(
          'unavailable',
          'This terminal changed store or identity while its push was being read; send it again',
        );
      }
      const { results, toStore } = refuseOtherCurrency(
        await (early ?? preparer.prepare(body, auth)),
        auth,
      );
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

  // What head office holds of the calling terminal: a till whose acknowledged
  // documents go past lastSequence pushes them again (head office was restored).
  app.get(`${API_PREFIX}/terminal`, async (request) => {
    const { store, terminal } = await authenticate(storage, request);
    const answer: TerminalStateResponse = {
      terminalId: terminal.id,
      storeId: store.id,
      lastSequence: await storage.lastDocumentSequence(terminal.id),
    };
    return answer;
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
