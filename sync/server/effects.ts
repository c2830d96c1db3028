// What a validated document means for head office: its canonical form and
// hash (the identity used to tell a retry from a conflict) and its effects
// (stock moves, the day's totals). Engines apply the effects only when the
// document is newly stored, in the same transaction.
import { createHash } from 'node:crypto';
import { canonicalJson, type SyncDocument } from '../protocol';
import type { IngestDocument, StockDelta, TotalsDelta } from './storage/port';

/** SHA-256 of a string as lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Trading day of a document: the date part of its createdAt as the till wrote it (its local date). */
export function tradingDay(createdAt: string): string {
  return createdAt.slice(0, 10);
}

/** Stock and totals effects of a document. */
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
      return { stock, totals };
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
      return { stock, totals };
    }
    case 'cash_movement':
    case 'shift_close':
      return { stock: [], totals: null };
  }
}

/** Prepare a validated document for storage. */
export function toIngestDocument(doc: SyncDocument): IngestDocument {
  const canonical = canonicalJson(doc);
  return {
    id: doc.id,
    type: doc.type,
    storeId: doc.storeId,
    terminalId: doc.terminalId,
    sequence: doc.sequence,
    createdAt: doc.createdAt,
    canonical,
    contentHash: sha256Hex(canonical),
    effects: documentEffects(doc),
  };
}
