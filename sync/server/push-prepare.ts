// Everything head office does to a push body before the database: parse the
// JSON, check the envelopes, authorise the batch, check each body against its
// type, recompute every sale's totals with domain/, and build the rows to
// store. Pure and synchronous, so it runs the same on the request thread or in
// an ingest worker (ingest-pool.ts) — the CPU-heavy part of a push. Last, on
// the request thread, refuseOtherCurrency judges each document's currency
// against the store's as the token check has just read it.
import secureJson from 'secure-json-parse';
import {
  checkRefundFigures,
  checkSaleTotals,
  checkShiftCloseFigures,
  type CurrencyCode,
} from '../../domain';
import {
  parseClaimedSale,
  parseDocumentBody,
  pushRequestSchema,
  type DocumentEnvelope,
  type PushRejectionCode,
  type PushResult,
  type SyncDocument,
} from '../protocol';
import { documentTexts } from './document-texts';
import { toIngestDocument } from './effects';
import { HttpError, malformedJson, parseOr400 } from './http-errors';
import type { IngestDocument } from './storage/port';

/** Who is pushing: the store and terminal behind the bearer token. */
export interface PushIdentity {
  storeId: string;
  storeCode: string;
  terminalId: string;
}

/** The pusher with its store's trading currency: every document's money is in it. */
export interface PushAuth extends PushIdentity {
  currency: CurrencyCode;
}

/**
 * The batch, prepared: `results[i]` is the answer for document i when it was
 * refused here (invalid body, totals mismatch), null when it goes to storage;
 * `toStore` lists those, with their index in the request and the currency of
 * their money (body.currency), which refuseOtherCurrency judges.
 */
export interface PreparedPush {
  results: (PushResult | null)[];
  toStore: { index: number; doc: IngestDocument; currency: CurrencyCode }[];
}

/**
 * Parse a JSON text the way the rest of the API does: a body carrying
 * `__proto__` or `constructor.prototype` is refused, never merged.
 * Throws HttpError `malformed_json`.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return secureJson.parse(text, undefined, {
      protoAction: 'error',
      constructorAction: 'error',
    });
  } catch (err) {
    throw malformedJson(err);
  }
}

/**
 * Prepare a push request's body (already parsed JSON). Throws HttpError for a
 * refusal of the whole request (`invalid_body`, `forbidden_store`,
 * `forbidden_terminal`): nothing of it is stored. The currency is not judged
 * here (refuseOtherCurrency).
 *
 * `text`, the JSON text `body` was parsed from, lets each document be stored as
 * the till sent it (documentTexts); without it, or when the texts cannot be told
 * apart, a document is stored as JSON.stringify writes the checked document.
 */
export function preparePush(body: unknown, auth: PushIdentity, text?: string): PreparedPush {
  const { documents } = parseOr400(pushRequestSchema, body, 'push request');
  // Authorisation first, for the whole batch: a token writes only its own terminal's documents in its own store.
  for (const d of documents) {
    if (d.storeId !== auth.storeId) {
      throw new HttpError(
        'forbidden_store',
        `Document ${d.id} is for store ${d.storeId}; this terminal belongs to store ${auth.storeId} (${auth.storeCode}). Nothing was stored.`,
      );
    }
    if (d.terminalId !== auth.terminalId) {
      throw new HttpError(
        'forbidden_terminal',
        `Document ${d.id} is for terminal ${d.terminalId}; this token is terminal ${auth.terminalId}. Nothing was stored.`,
      );
    }
  }
  const sent = text === undefined ? null : documentTexts(text);
  const sentTexts = sent?.length === documents.length ? sent : null;
  const results: (PushResult | null)[] = [];
  const toStore: PreparedPush['toStore'] = [];
  documents.forEach((envelope, index) => {
    const checked = checkDocument(envelope);
    if (!checked.ok) {
      results.push({
        id: envelope.id,
        status: 'rejected',
        code: checked.code,
        reason: checked.reason,
      });
      return;
    }
    results.push(null);
    toStore.push({
      index,
      doc: toIngestDocument(checked.document, sentTexts?.[index]),
      currency: checked.document.body.currency,
    });
  });
  return { results, toStore };
}

/**
 * Refuse, as `invalid`, each prepared document whose money is in another
 * currency than its store's: a till set up with another currency than its store
 * would put its figures in totals rows of that currency, beside the store's own.
 * Run once the token has been checked, with the store's currency as that check
 * read it: a push prepared under a token remembered from before
 * (RecentTerminals, sync-routes.ts) is not judged by a currency since corrected.
 */
export function refuseOtherCurrency(prepared: PreparedPush, auth: PushAuth): PreparedPush {
  if (prepared.toStore.every((x) => x.currency === auth.currency)) return prepared;
  const results = [...prepared.results];
  const toStore: PreparedPush['toStore'] = [];
  for (const x of prepared.toStore) {
    if (x.currency === auth.currency) {
      toStore.push(x);
      continue;
    }
    results[x.index] = {
      id: x.doc.id,
      status: 'rejected',
      code: 'invalid',
      reason: `body.currency is ${x.currency}, but store ${auth.storeCode} trades in ${auth.currency}`,
    };
  }
  return { results, toStore };
}

/**
 * Check one document's body; a sale's totals are recomputed with domain/ and
 * must match. A sale is checked without its totals first (parseClaimedSale):
 * totals equal to the recomputed ones need no schema, which saves about 40 % of
 * a sale's validation on every push. Only a sale whose totals differ is checked
 * in full, so that malformed totals are still `invalid` and wrong ones
 * `totals_mismatch`. The reasons are the full check's, except that a sale with
 * malformed totals and another malformed field after them (tenders,
 * changeMinor) is refused naming that field rather than the totals.
 */
function checkDocument(
  envelope: DocumentEnvelope,
):
  | { ok: true; document: SyncDocument }
  | { ok: false; code: Extract<PushRejectionCode, 'invalid' | 'totals_mismatch'>; reason: string } {
  if (envelope.type !== 'sale') {
    const parsed = parseDocumentBody(envelope);
    if (!parsed.ok) return { ok: false, code: 'invalid', reason: parsed.reason };
    const { document } = parsed;
    const figures =
      document.type === 'refund'
        ? checkRefundFigures(document.body)
        : document.type === 'shift_close'
          ? checkShiftCloseFigures(document.body)
          : null;
    if (figures && !figures.ok)
      return { ok: false, code: 'totals_mismatch', reason: figures.reason };
    return parsed;
  }
  const claimed = parseClaimedSale({ ...envelope, type: 'sale' });
  if (!claimed.ok) return { ok: false, code: 'invalid', reason: claimed.reason };
  const check = checkSaleTotals(claimed.document.body);
  if (check.ok) {
    const { document } = claimed;
    // The recomputed totals in the claimed ones' place, so the body's keys stay in schema
    // order; computeTotals builds them in the schema's own order (push-prepare.test.ts
    // checks that the stored JSON is the one a full check gives).
    return {
      ok: true,
      document: { ...document, body: { ...document.body, totals: check.totals } },
    };
  }
  const full = parseDocumentBody(envelope);
  if (!full.ok) return { ok: false, code: 'invalid', reason: full.reason };
  return { ok: false, code: 'totals_mismatch', reason: check.reason };
}

/**
 * preparePush of a request body as it came off the socket (UTF-8 bytes): what an
 * ingest worker runs. Decoding here keeps that work (~4 µs a sale in a 270 KB push)
 * off the request thread, which writes to the database. Bytes that are not UTF-8
 * decode to U+FFFD, as Fastify's own string bodies do.
 */
export function preparePushBody(body: Uint8Array, auth: PushIdentity): PreparedPush {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return preparePush(parseJsonBody(text), auth, text);
}
