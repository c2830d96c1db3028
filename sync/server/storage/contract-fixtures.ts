// Rows and documents the storage contract suites (storage.contract.ts,
// store-corrections.contract.ts) write.
import { v7 as uuidv7 } from 'uuid';
import { documentEnvelopeSchema, parseDocumentBody, type SyncDocument } from '../../protocol';
import { fixtureSale, saleDocument } from '../../protocol/testing/sale-fixtures';
import { toIngestDocument } from '../effects';
import type { IngestDocument, TerminalRow } from './port';

export const AT = '2026-11-23T02:00:00.000Z';

export function terminalRow(storeId: string, code: string): TerminalRow {
  return {
    id: uuidv7(),
    storeId,
    code,
    name: code,
    deviceName: null,
    enrolledAt: null,
    revokedAt: null,
    createdAt: AT,
  };
}

export function typed(envelope: unknown): SyncDocument {
  const r = parseDocumentBody(documentEnvelopeSchema.parse(envelope));
  if (!r.ok) throw new Error(r.reason);
  return r.document;
}

/** A sale document for the terminal, ready to ingest. */
export function saleDoc(
  storeId: string,
  terminalId: string,
  sequence: number,
  id?: string,
): IngestDocument {
  return toIngestDocument(
    typed(saleDocument(fixtureSale({ storeId, terminalId, sequence, ...(id ? { id } : {}) }))),
  );
}
