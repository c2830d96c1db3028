// What the sync screen lists: the outbox entries waiting to go and the ones
// head office refused, newest problems first, capped so a long outage does not
// load thousands of sales into memory.
import type { Sale } from '../../domain';
import type { OutboxEntry, TillDb } from '../db/schema';

export interface OutboxRow {
  id: string;
  sequence: number;
  type: OutboxEntry['type'];
  /** Receipt number for sales, else the document id. */
  label: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  rejectedReason: string | null;
}

export interface OutboxView {
  waiting: OutboxRow[];
  rejected: OutboxRow[];
  waitingTotal: number;
  rejectedTotal: number;
}

function row(e: OutboxEntry): OutboxRow {
  const body = e.body as Partial<Sale> | null;
  return {
    id: e.id,
    sequence: e.sequence,
    type: e.type,
    label: e.type === 'sale' && typeof body?.receiptNumber === 'string' ? body.receiptNumber : e.id,
    createdAt: e.createdAt,
    attempts: e.attempts,
    lastError: e.lastError,
    rejectedReason: e.rejectedReason,
  };
}

/** At most `limit` rows per list (oldest waiting first, all rejected by sequence). */
export async function loadOutboxView(db: TillDb, limit = 200): Promise<OutboxView> {
  const [waiting, rejected, waitingTotal, rejectedTotal] = await Promise.all([
    db.outbox.where('state').equals('pending').limit(limit).toArray(),
    db.outbox.where('state').equals('rejected').limit(limit).toArray(),
    db.outbox.where('state').equals('pending').count(),
    db.outbox.where('state').equals('rejected').count(),
  ]);
  const bySequence = (a: OutboxEntry, b: OutboxEntry) => a.sequence - b.sequence;
  return {
    waiting: waiting.sort(bySequence).map(row),
    rejected: rejected.sort(bySequence).map(row),
    waitingTotal,
    rejectedTotal,
  };
}
