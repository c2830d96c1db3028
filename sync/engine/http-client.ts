// HeadOfficeClient over HTTP, speaking sync/protocol. Every answer is checked
// with the protocol's zod schemas before the engine believes it.
import {
  API_PREFIX,
  enrolResponseSchema,
  errorResponseSchema,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  terminalStateResponseSchema,
  type DocumentEnvelope,
  type EnrolRequest,
  type PushRequest,
} from '../protocol';
import type { HeadOfficeClient, PullPage, PushOutcome } from './head-office-client';
import type { OutboxDocument, TerminalCredentials } from './store-port';
import { PermanentSyncError, requestJson, type HttpOptions } from './transport';
import type { z } from 'zod';

export interface HttpHeadOfficeOptions extends HttpOptions {
  /** Shown in head office's terminal list. */
  deviceName: string;
}

export function httpHeadOfficeClient(opts: HttpHeadOfficeOptions): HeadOfficeClient {
  const http: HttpOptions = { ...opts };

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    token: string | null,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const res = await requestJson(http, method, API_PREFIX + path, body, token, {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    });
    if (res.status >= 400) {
      const err = errorResponseSchema.safeParse(res.body);
      const message = err.success
        ? err.data.error.message
        : `Head office refused the request (HTTP ${res.status})`;
      throw new PermanentSyncError(message, res.status, err.success ? err.data.error.code : null);
    }
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) {
      throw new PermanentSyncError(
        `Head office answered ${method} ${path} in a form this till does not understand`,
        res.status,
      );
    }
    return parsed.data;
  }

  return {
    async enrol(code, terminalId) {
      const request: EnrolRequest = {
        code,
        deviceName: opts.deviceName,
        ...(terminalId === undefined ? {} : { terminalId }),
      };
      const res = await call('POST', '/enrol', request, null, enrolResponseSchema);
      return {
        token: res.token,
        terminalId: res.terminalId,
        storeId: res.storeId,
        storeCode: res.storeCode,
        terminalCode: res.terminalCode,
      };
    },

    async push(credentials: TerminalCredentials, docs: readonly OutboxDocument[]) {
      const request: PushRequest = { documents: docs.map((d) => envelope(credentials, d)) };
      const res = await call('POST', '/push', request, credentials.token, pushResponseSchema);
      return res.results.map((r): PushOutcome =>
        r.status === 'rejected'
          ? { id: r.id, outcome: 'rejected', code: r.code, reason: r.reason }
          : { id: r.id, outcome: r.status },
      );
    },

    async terminalState(credentials) {
      try {
        const res = await call(
          'GET',
          '/terminal',
          undefined,
          credentials.token,
          terminalStateResponseSchema,
        );
        if (res.terminalId !== credentials.terminalId) {
          throw new PermanentSyncError(
            `Head office answered for terminal ${res.terminalId}, not this one (${credentials.terminalId})`,
            null,
          );
        }
        return { lastSequence: res.lastSequence };
      } catch (err) {
        // A head office from before this endpoint: nothing to compare with.
        if (err instanceof PermanentSyncError && err.status === 404) return null;
        throw err;
      }
    },

    async pull(credentials, collection, after, limit): Promise<PullPage> {
      const query = new URLSearchParams({ limit: String(limit) });
      if (after !== null) query.set('after', String(after));
      const path = `/pull/${encodeURIComponent(collection)}?${query.toString()}`;
      const res = await call('GET', path, undefined, credentials.token, pullResponseSchema);
      // Each slice of a page is written with the seq of its last change as its
      // checkpoint: a page out of order, or behind the till's checkpoint, would skip
      // or repeat changes.
      let previous = after ?? 0;
      for (const c of res.changes) {
        if (c.seq <= previous) {
          throw new PermanentSyncError(
            `Head office sent ${collection} out of order (change ${c.seq} after ${previous})`,
            null,
          );
        }
        previous = c.seq;
      }
      if (res.checkpoint < previous) {
        throw new PermanentSyncError(
          `Head office sent ${collection} with checkpoint ${res.checkpoint} behind its changes (${previous})`,
          null,
        );
      }
      return res;
    },
  };
}

/** The wire envelope of one outbox entry; the store is the terminal's own. */
function envelope(credentials: TerminalCredentials, d: OutboxDocument): DocumentEnvelope {
  return {
    id: d.id,
    type: d.type,
    terminalId: d.terminalId,
    storeId: credentials.storeId,
    sequence: d.sequence,
    createdAt: d.createdAt,
    body: d.body,
  };
}
