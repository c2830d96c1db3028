// One error shape for every refusal: `{ error: { code, message, details? } }`
// with the status the protocol assigns to the code.
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  ERROR_STATUS,
  errorBody,
  issuesToDetails,
  type ErrorCode,
  type ErrorDetail,
} from '../protocol';

/** Throw from a handler to answer with a named protocol error. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
): FastifyReply {
  return reply
    .code(ERROR_STATUS[code])
    .type('application/json')
    .send(errorBody(code, message, details));
}

/** The refusal of a body that is not JSON (or carries `__proto__`): one wording everywhere. */
export function malformedJson(err: unknown): HttpError {
  return new HttpError(
    'malformed_json',
    `The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
  );
}

/** Parse `value` with a protocol schema or throw `invalid_body` naming what is wrong. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error);
    const first = details[0];
    const where = first?.path ? ` at ${first.path}` : '';
    throw new HttpError(
      'invalid_body',
      `The ${what} is not valid${where}: ${first?.message ?? 'invalid'}`,
      details,
    );
  }
  return parsed.data;
}

/**
 * Storage failures that pass: the database is unreachable, restarting, out of
 * connections, busy past its wait, or the transaction lost a race. The till
 * retries any 5xx; these are answered 503 `unavailable` so an operator (and the
 * log) can tell them from a head-office bug (500 `internal`).
 */
const UNAVAILABLE_CODES = new Set([
  // Node sockets (PostgreSQL over TCP)
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  // PostgreSQL SQLSTATEs: connection exceptions, shutting down, cannot connect now,
  // too many connections, serialization failure, deadlock
  '08000',
  '08003',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '40001',
  '40P01',
  // SQLite: another writer held the file past busy_timeout (e.g. a CLI import)
  'SQLITE_BUSY',
]);

/** node-postgres's own errors for a lost or unobtainable connection carry no code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'timeout exceeded when trying to connect',
];

/**
 * Text the database refused to store (PostgreSQL: U+0000, or a character the
 * encoding lacks). The schemas refuse U+0000 in ids first; this is the net under them.
 */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

/** The protocol's answer to an error thrown by the storage, or null for a head-office bug. */
export function storageErrorAnswer(err: unknown): HttpError | null {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : '';
  if (typeof code === 'string' && UNSTORABLE_TEXT_CODES.has(code)) {
    return new HttpError(
      'invalid_body',
      `The request has text the database cannot store: ${message}`,
    );
  }
  if (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    UNAVAILABLE_MESSAGES.some((m) => message.includes(m))
  ) {
    return new HttpError('unavailable', 'Head office storage is unavailable; try again shortly');
  }
  return null;
}
