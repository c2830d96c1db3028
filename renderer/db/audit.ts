// The audit journal: an append-only, SHA-256 hash-chained list of what happened at the
// till (sales, no-sale drawer opens, voids, …). Each entry's hash covers the previous
// entry's hash and the canonical JSON of the entry itself, so editing or deleting any
// entry breaks the chain from that point on; the head (seq + hash) is also kept in
// meta in the same transaction, so deleting the newest entries is detected too.
//
// The digest is computed with @noble/hashes (synchronous, pure JS) rather than
// crypto.subtle: an IndexedDB transaction commits as soon as the code awaits anything
// that is not an IndexedDB request, so an async WebCrypto digest inside the sale
// transaction would end the transaction half-way.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
// The same canonical form head office uses, so it can re-verify the chain as entries arrive.
import { canonicalJson } from '../../sync/protocol/canonical';
import type { AuditEntry, TillDb } from './schema';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditDraft = Pick<AuditEntry, 'type' | 'actorId' | 'refId' | 'data'>;

/** Hex SHA-256 of prevHash + canonical JSON of the entry without its `hash` field. */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, type, actorId, refId, data, prevHash } = entry;
  const body = canonicalJson({ seq, at, type, actorId, refId, data, prevHash });
  return bytesToHex(sha256(utf8ToBytes(prevHash + body)));
}

/** Build the next link after `head` (null = empty journal). Pure and synchronous. */
export function chainAuditEntry(
  head: { seq: number; hash: string } | null,
  draft: AuditDraft,
  at: string,
): AuditEntry {
  const prevHash = head?.hash ?? GENESIS_HASH;
  const seq = (head?.seq ?? 0) + 1;
  const unsigned = { seq, at, ...draft, prevHash };
  return { ...unsigned, hash: auditHash(unsigned) };
}

/**
 * Append an entry. Must run inside (or opens) a rw transaction over `audit` and `meta`;
 * issues IndexedDB requests only, so it is safe inside the sale transaction.
 */
export async function appendAudit(db: TillDb, draft: AuditDraft, at: string): Promise<AuditEntry> {
  return db.transaction('rw', [db.audit, db.meta], async () => {
    const last = await db.audit.orderBy('seq').last();
    const entry = chainAuditEntry(last ? { seq: last.seq, hash: last.hash } : null, draft, at);
    await Promise.all([
      db.audit.add(entry),
      db.meta.put({ key: 'auditHead', value: { seq: entry.seq, hash: entry.hash } }),
    ]);
    return entry;
  });
}

export type AuditVerification =
  | { ok: true; count: number; head: { seq: number; hash: string } | null }
  | { ok: false; seq: number; reason: string };

/** Walk the journal in seq order and check every link, then the stored head. */
export async function verifyAuditChain(db: TillDb): Promise<AuditVerification> {
  return db.transaction('r', [db.audit, db.meta], async () => {
    let prev: AuditEntry | null = null;
    let failure: AuditVerification | null = null;
    let count = 0;
    await db.audit
      .orderBy('seq')
      .until(() => failure !== null)
      .each((entry) => {
        const expectedSeq = (prev?.seq ?? 0) + 1;
        const expectedPrev = prev?.hash ?? GENESIS_HASH;
        if (entry.seq !== expectedSeq) {
          failure = {
            ok: false,
            seq: expectedSeq,
            reason: `Audit entry ${expectedSeq} is missing`,
          };
        } else if (entry.prevHash !== expectedPrev) {
          failure = {
            ok: false,
            seq: entry.seq,
            reason: `Audit entry ${entry.seq} does not link to entry ${expectedSeq - 1}`,
          };
        } else if (auditHash(entry) !== entry.hash) {
          failure = {
            ok: false,
            seq: entry.seq,
            reason: `Audit entry ${entry.seq} was changed after it was written`,
          };
        } else {
          prev = entry;
          count += 1;
        }
      });
    if (failure) return failure;
    const headRow = await db.meta.get('auditHead');
    const head = (headRow?.value ?? null) as { seq: number; hash: string } | null;
    const last = prev as AuditEntry | null;
    if ((head?.seq ?? 0) !== (last?.seq ?? 0) || (head && head.hash !== last?.hash)) {
      return {
        ok: false,
        seq: head?.seq ?? 0,
        reason: `Audit journal ends at entry ${last?.seq ?? 0} but ${head?.seq ?? 0} were written`,
      };
    }
    return { ok: true, count, head: last ? { seq: last.seq, hash: last.hash } : null };
  });
}
