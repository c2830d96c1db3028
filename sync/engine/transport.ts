// HTTP to head office through an injected fetch-like function, with a timeout
// on every request (AbortController) and failures sorted into transient
// (retry with backoff) and permanent (needs a person).
import { asciiJson } from '../protocol';

/** The part of the WHATWG fetch API the engine uses; tests inject their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * Head office could not be reached or could not answer right now: network
 * error, timeout, 5xx. The engine counts itself offline and retries.
 */
export class TransientSyncError extends Error {
  override readonly name = 'TransientSyncError';
  constructor(
    message: string,
    /** The request ran out of time (rather than failing): a smaller one may fit. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/**
 * Head office answered but refused the request as such (4xx other than 408/429,
 * or an answer that does not match the protocol). Retrying soon will not help.
 */
export class PermanentSyncError extends Error {
  override readonly name = 'PermanentSyncError';
  constructor(
    message: string,
    readonly status: number | null,
    /** The protocol's error code, when head office's answer named one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface HttpOptions {
  /** Base URL of head office, e.g. "http://127.0.0.1:8787". */
  baseUrl: string;
  fetch: FetchLike;
  /** Per-request timeout, ms. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** Send one JSON request; resolves for any 2xx/4xx answer, throws TransientSyncError otherwise. */
export async function requestJson(
  opts: HttpOptions,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  token: string | null,
  extraHeaders: Record<string, string> = {},
): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const url = opts.baseUrl.replace(/\/+$/, '') + path;
  try {
    let res: { status: number; text(): Promise<string> };
    try {
      res = await opts.fetch(url, {
        method,
        headers,
        // ASCII-only JSON: head office decodes it fastest (see ascii-json.ts).
        body: body === undefined ? undefined : asciiJson(body),
        signal: controller.signal,
      });
    } catch (err) {
      throw new TransientSyncError(
        controller.signal.aborted
          ? `Head office did not answer within ${opts.timeoutMs} ms`
          : `Head office unreachable (${describe(err)})`,
        controller.signal.aborted,
      );
    }
    let text: string;
    try {
      // The body can still be cut or time out after the status line arrived.
      text = await res.text();
    } catch (err) {
      throw new TransientSyncError(
        controller.signal.aborted
          ? `Head office did not finish answering within ${opts.timeoutMs} ms`
          : `Connection to head office dropped (${describe(err)})`,
        controller.signal.aborted,
      );
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new TransientSyncError(`Head office busy or failing (HTTP ${res.status})`);
    }
    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not head office speaking: a captive portal's login page, a proxy's error
        // page. The till is not really online; try again later.
        throw new TransientSyncError(
          `The head-office address answered with something that is not head office (HTTP ${res.status}, not JSON; a Wi-Fi login page or a proxy?)`,
        );
      }
    }
    return { status: res.status, body: parsed };
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return `${err.message}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}
