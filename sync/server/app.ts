// The head-office HTTP service. buildServer assembles a Fastify instance
// (no listen: callers pick the address, tests use 127.0.0.1 port 0) with CORS
// for the till page, protocol-version checking, and one error shape for every
// refusal. Routes: sync-routes.ts (till-facing) and admin-routes.ts.
import cors from '@fastify/cors';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../protocol';
import { registerAdminRoutes } from './admin-routes';
import { HttpError, malformedJson, sendError, storageErrorAnswer } from './http-errors';
import { inlinePreparer, workerPreparer, type PushPreparer } from './ingest-pool';
import {
  AlreadyExistsError,
  CheckpointAheadError,
  NotFoundError,
  type HeadOfficeStorage,
} from './storage/port';
import { registerSyncRoutes } from './sync-routes';

/** Default largest request body: 500 documents of a few KB each fit with room (bytes). */
export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;

export interface ServerOptions {
  storage: HeadOfficeStorage;
  /** Bearer token for /api/v1/admin/*; null or empty disables the admin API. */
  adminToken: string | null;
  /** Largest request body in bytes (default 8 MiB). */
  bodyLimit?: number;
  /** Origins allowed to call from a browser; default: any (auth is a bearer token, never a cookie). */
  corsOrigins?: string[] | true;
  /** Fastify logging (default off). */
  logger?: boolean;
  /** Clock, for tests (default: the system clock). */
  now?: () => Date;
  /**
   * Worker threads that parse and check push bodies beside the database work
   * (default 0: on the request thread). The CLI's default is one per spare core.
   */
  ingestWorkers?: number;
  /** Where push bodies are prepared, for tests (overrides ingestWorkers; closed with the server). */
  preparer?: PushPreparer;
}

/** Fastify error codes for bodies that are not JSON at all. */
const MALFORMED_JSON = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    logger: opts.logger ?? false,
    // A JSON body with __proto__ / constructor.prototype is refused, never merged.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  const now = opts.now ?? (() => new Date());

  await app.register(cors, {
    origin: opts.corsOrigins ?? true,
    credentials: false,
    // PATCH: a head-office page correcting a store (admin API).
    methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', PROTOCOL_HEADER],
    maxAge: 600,
  });

  // Bodies are JSON (the admin catalogue import also reads text/csv, admin-routes.ts):
  // Fastify's default text/plain parser would hand a handler a string, refused as
  // "not an object" instead of 415.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' || !request.url.startsWith('/api/')) return;
    const header = request.headers[PROTOCOL_HEADER];
    if (header !== undefined && header !== String(PROTOCOL_VERSION)) {
      return sendError(
        reply,
        'unsupported_version',
        `This head office speaks protocol ${PROTOCOL_VERSION}; the request says ${String(header)}. Update the till or the server.`,
      );
    }
  });

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) return sendError(reply, err.code, err.message, err.details);
    if (err instanceof NotFoundError) return sendError(reply, 'not_found', err.message);
    if (err instanceof CheckpointAheadError) {
      return sendError(reply, 'checkpoint_ahead', err.message);
    }
    if (err instanceof AlreadyExistsError) return sendError(reply, 'already_exists', err.message);
    const code = (err as FastifyError).code;
    const status = (err as FastifyError).statusCode;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(
        reply,
        'payload_too_large',
        `The body is larger than ${app.initialConfig.bodyLimit} bytes`,
      );
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, 'unsupported_media_type', 'Send the body as application/json');
    }
    if ((code !== undefined && MALFORMED_JSON.has(code)) || err instanceof SyntaxError) {
      const refusal = malformedJson(err);
      return sendError(reply, refusal.code, refusal.message);
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, 'invalid_body', err.message);
    }
    request.log.error(err);
    const answer = storageErrorAnswer(err);
    if (answer) return sendError(reply, answer.code, answer.message);
    return sendError(
      reply,
      'internal',
      'Head office failed to handle the request; it may be retried',
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'not_found', `No endpoint ${request.method} ${request.url.split('?')[0]}`),
  );

  const workers = opts.ingestWorkers ?? 0;
  const preparer = opts.preparer ?? (workers > 0 ? workerPreparer(workers) : inlinePreparer());
  app.addHook('onClose', async () => preparer.close());
  registerSyncRoutes(app, { storage: opts.storage, now, preparer });
  registerAdminRoutes(app, { storage: opts.storage, adminToken: opts.adminToken || null, now });
  return app;
}
