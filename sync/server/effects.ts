// What a validated document means for head office: its stored JSON and
// content hash (the identity used to tell a retry from a conflict) and its effects
// (stock moves, the day's totals). Engines apply the effects only when the
// document is newly stored, in the same transaction.
import { hash } from 'node:crypto';
import { loyaltyPointsEarned } from '../../domain';
import { canonicalJson, type SyncDocument } from '../protocol';
import type { HeadOfficeStorage } from './storage/port';
import type { IngestDocument, StockDelta, TotalsDelta } from './storage/port';

/** SHA-256 of a string as lower-case hex (one-shot: no Hash object per document). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Trading day of a document: the date part of its createdAt as the till wrote it (its local date). */
export function tradingDay(createdAt: string): string {
  return createdAt.slice(0, 10);
}

/** Stock, totals and loyalty effects of a document. */
export function documentEffects(doc: SyncDocument): IngestDocument['effects'] {
  switch (doc.type) {
    case 'sale': {
      const sale = doc.body;
      const stock: StockDelta[] = sale.cart.lines
        .filter((l) => !l.voided)
        .map((l) => ({ productId: l.productId, delta: -l.quantity }));
      const totals: TotalsDelta = {
        day: tradingDay(doc.createdAt),
        currency: sale.currency,
        salesCount: 1,
        salesTotalMinor: sale.totals.total,
        salesTaxMinor: sale.totals.taxTotal,
        refundsCount: 0,
        refundsTotalMinor: 0,
      };
      const customerId = sale.customerId ?? null;
      const points =
        customerId === null ? 0 : loyaltyPointsEarned(sale.totals.total, sale.currency);
      const loyalty = customerId !== null && points > 0 ? { customerId, points } : null;
      return { stock, totals, loyalty };
    }
    case 'refund': {
      const refund = doc.body;
      const stock = refund.lines
        .filter((l) => l.restock)
        .map((l) => ({ productId: l.productId, delta: l.quantity }));
      const totals: TotalsDelta = {
        day: tradingDay(doc.createdAt),
        currency: refund.currency,
        salesCount: 0,
        salesTotalMinor: 0,
        salesTaxMinor: 0,
        refundsCount: 1,
        refundsTotalMinor: refund.totalMinor,
      };
      // A refund does not take points back: it names no member (docs/protocol.md).
      return { stock, totals, loyalty: null };
    }
    case 'cash_movement':
    case 'shift_close':
      return { stock: [], totals: null, loyalty: null };
  }
}

/**
 * Prepare a validated document for storage. The stored JSON is `sentJson`, the
 * document's text as the till sent it (push-prepare.ts: documentTexts), which
 * parses to exactly the validated document: the schemas are strict and
 * transform nothing, and a sale is stored only when its totals equal the
 * recomputed ones. Without it, the document as JSON.stringify writes it. The
 * content hash is of that text, so a till's retry of the same document (the
 * same outbox entry, sent as the same text) is told from a conflict by
 * comparing hashes; a text that differs only in form (key order, spacing,
 * escapes) is still a duplicate, which sameContentAsStored decides.
 */
export function toIngestDocument(doc: SyncDocument, sentJson?: string): IngestDocument {
  const json = sentJson ?? JSON.stringify(doc);
  return {
    id: doc.id,
    type: doc.type,
    storeId: doc.storeId,
    terminalId: doc.terminalId,
    sequence: doc.sequence,
    createdAt: doc.createdAt,
    json,
    contentHash: sha256Hex(json),
    effects: documentEffects(doc),
  };
}

/**
 * True when the stored document under this id has the same canonical JSON
 * (keys sorted) as `doc`: the protocol's definition of "the same document".
 * Asked only when the hashes differ, so it is rare and may be slow.
 */
export async function sameContentAsStored(
  storage: HeadOfficeStorage,
  doc: Pick<IngestDocument, 'id' | 'json'>,
): Promise<boolean> {
  const stored = await storage.getDocument(doc.id);
  if (stored === null) return false;
  return canonicalJson(JSON.parse(stored)) === canonicalJson(JSON.parse(doc.json));
}
