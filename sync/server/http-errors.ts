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
