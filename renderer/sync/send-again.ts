// Staff send documents head office refused once more, after the cause was dealt
// with at head office (a store set up with the wrong currency, a rule head office
// has since changed). Resending is safe: head office stores a document once by its
// id, and a document it refused was never stored. What head office refuses again
// is parked again, with its new reason.
import { appendAudit } from '../db/audit';
import type { OutboxEntry, TillDb } from '../db/schema';
import { terminalIdentitySchema } from '../db/terminal-identity';
import { bumpOutboxRequeued } from './dexie-sync-store';

/** Audit entry type of a refused document sent again. */
export const SENT_AGAIN_AUDIT = 'outbox_sent_again';

/** Which refused documents: these ids, or every one parked now. */
export type SendAgainSelection = { ids: readonly string[] } | { all: true };

/**
 * `moved`: sent again. `otherTerminal`: refused ones of the selection made as
 * another terminal than the one this till is enrolled as (made before enrolment):
 * head office refuses them from this till whatever is fixed, so they stay parked,
 * unsent and not journalled.
 */
export interface SentAgain {
  moved: number;
  otherTerminal: number;
}

/**
 * Move refused ('rejected') outbox entries back to 'pending', in ONE transaction
 * with an audit entry for each and a bump of the counter that makes the sync engine
 * look for pending entries from the start of the outbox again (it otherwise walks on
 * from the oldest one still pending, and these are older). Entries no longer
 * rejected (done, pending, gone) are left alone, and so are refused ones made as
 * another terminal (SentAgain.otherTerminal).
 * Wake the engine afterwards to send them now.
 */
export async function sendRejectedAgain(
  db: TillDb,
  selection: SendAgainSelection,
  actorId: string,
  at: string,
): Promise<SentAgain> {
  return db.transaction('rw', [db.outbox, db.audit, db.meta], async () => {
    const found: (OutboxEntry | undefined)[] =
      'all' in selection
        ? await db.outbox.where('state').equals('rejected').toArray()
        : await db.outbox.bulkGet([...selection.ids]);
    const identity = terminalIdentitySchema.safeParse((await db.meta.get('terminal'))?.value);
    const refused = found.filter((e): e is OutboxEntry => e?.state === 'rejected');
    const entries = refused
      .filter((e) => !identity.success || e.terminalId === identity.data.terminalId)
      .sort((a, b) => a.sequence - b.sequence);
    const otherTerminal = refused.length - entries.length;
    if (entries.length === 0) return { moved: 0, otherTerminal };
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
    return { moved: entries.length, otherTerminal };
  });
}
