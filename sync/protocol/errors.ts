// Named error codes of the protocol. Every 4xx/5xx answer is
// `{ error: { code, message } }` (ErrorResponse); the code is for programs,
// the message for people. Per-document push outcomes use PushRejectionCode.
import { z } from 'zod';

/** Request-level error codes with the HTTP status head office answers them with. */
export const ERROR_STATUS = {
  /** The body (or query, or path) does not match the schema. */
  invalid_body: 400,
  /** The body is not JSON at all. */
  malformed_json: 400,
  /** The `x-till-protocol` header names a version this server does not speak. */
  unsupported_version: 400,
  /** The body is not `application/json` (or CSV where an endpoint accepts it). */
  unsupported_media_type: 415,
  /** No bearer token, or a token head office does not know. */
  unauthorized: 401,
  /** The terminal was revoked at head office; it must be enrolled again. */
  terminal_revoked: 403,
  /** A document names a store other than the terminal's own. Nothing in the batch is stored. */
  forbidden_store: 403,
  /** A document names a terminal other than the token's. Nothing in the batch is stored. */
  forbidden_terminal: 403,
  /** The enrolment code does not exist (typo, or issued by another head office). */
  enrolment_code_unknown: 404,
  /** The enrolment code has been used already; codes work once. */
  enrolment_code_used: 409,
  /**
   * A till enrolling again (naming the terminal it is) gave a code issued for
   * another terminal. The code is not used up.
   */
  enrolment_code_other_terminal: 409,
  /**
   * The code enrols again a terminal head office already holds documents from,
   * and the till gave no terminal (a new or reset till): its document sequence
   * would start again at 1 beside that terminal's. Only that terminal's own till
   * may use it; a new till gets a new terminal. The code is not used up.
   */
  terminal_has_documents: 409,
  /** The body is larger than the server's limit. */
  payload_too_large: 413,
  /** No such endpoint, collection, store or terminal. */
  not_found: 404,
  /** An admin create names a code that exists already (store or terminal code). */
  already_exists: 409,
  /**
   * An admin currency correction of a store head office already holds documents of:
   * their money is in the old currency. A name change is always allowed.
   */
  store_has_documents: 409,
  /**
   * A pull's `after` is past head office's latest change: its database was
   * restored from a backup or replaced. Pull the collection again from the start.
   */
  checkpoint_ahead: 409,
  /** A catalogue import has rows that cannot be read; `details` lists row numbers and reasons. */
  import_invalid: 400,
  /** Too many requests. */
  rate_limited: 429,
  /** Head office failed; the request may be retried. */
  internal: 500,
  /** Head office's storage is unreachable; retry later. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorCodeSchema = z.enum(ERROR_CODES);

/** One problem in an import file or a schema violation: where it is and why. */
export const errorDetailSchema = z.object({
  /** 1-based row of an import file (header is row 1 in CSV), or absent. */
  row: z.number().int().optional(),
  /** Path inside the body, e.g. "documents.3.sequence". */
  path: z.string().optional(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const errorResponseSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * Why head office refused one pushed document for good. The till parks the
 * document with this code and its reason; it never blocks the rest.
 * - conflict: a document with this id is stored with different content.
 * - sequence_conflict: this terminal's sequence number is stored under another id.
 * - invalid: the body does not match its type's schema.
 * - totals_mismatch: the sale's totals differ from head office's recomputation.
 * - forbidden_store: reserved; v1 servers refuse such a batch whole with HTTP 403.
 */
export const PUSH_REJECTION_CODES = [
  'conflict',
  'sequence_conflict',
  'invalid',
  'totals_mismatch',
  'forbidden_store',
] as const;
export const pushRejectionCodeSchema = z.enum(PUSH_REJECTION_CODES);
export type PushRejectionCode = z.infer<typeof pushRejectionCodeSchema>;

/** Build the standard error body. */
export function errorBody(
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
): ErrorResponse {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Turn zod issues into error details (path joined with dots). */
export function issuesToDetails(error: z.ZodError, limit = 20): ErrorDetail[] {
  return error.issues.slice(0, limit).map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
}
