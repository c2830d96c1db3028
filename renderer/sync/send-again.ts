// Staff send documents head office refused once more, after the cause was dealt
// with at head office (a store set up with the wrong currency, a rule head office
// has since changed). Resending is safe: head office stores a document once by its
// id, and a document it refused was never stored. What head office refuses again
// is parked again, with its new reason.
import { appendAudit } from '../db/audit';
import type { OutboxEntry, TillDb } from '../db/schema';
import { bumpOutboxRequeued } from './dexie-sync-store';

/** Audit entry type of a refused document sent again. */
export const SENT_AGAIN_AUDIT = 'outbox_sent_again';

/** Which refused documents: these ids, or every one parked now. */
export type SendAgainSelection = { ids: readonly string[] } | { all: true };

/**
 * Move refused ('rejected') outbox entries back to 'pending', in ONE transaction
 * with an audit entry for each and a bump of the counter that makes the sync engine
 * look for pending entries from the start of the outbox again (it otherwise walks on
 * from the oldest one still pending, and these are older). Entries no longer
 * rejected (done, pending, gone) are left alone. Returns how many were moved.
 * Wake the engine afterwards to send them now.
 */
export async function sendRejectedAgain(
  db: TillDb,
  selection: SendAgainSelection,
  actorId: string,
  at: string,
): Promise<number> {
  return db.transaction('rw', [db.outbox, db.audit, db.meta], async () => {
    const found: (OutboxEntry | undefined)[] =
      'all' in selection
        ? await db.outbox.where('state').equals('rejected').toArray()
        : await db.outbox.bulkGet([...selection.ids]);
    const entries = found
      .filter((e): e is OutboxEntry => e?.state === 'rejected')
      .sort((a, b) => a.sequence - b.sequence);
    if (entries.length === 0) return 0;
    for (const e of entries) {
      await db.outbox.update(e.id, {
        state: 'pending',
        rejectedReason: null,
        lastError: `refused before: ${e.rejectedReason ?? e.lastError ?? 'no reason given'}`,
      });
      await appendAudit(
        db,
        {
          type: SENT_AGAIN_AUDIT,
          actorId,
          refId: e.id,
          data: { documentType: e.type, sequence: e.sequence, refusedFor: e.rejectedReason },
        },
        at,
      );
    }
    await bumpOutboxRequeued(db);
    return entries.length;
  });
}
