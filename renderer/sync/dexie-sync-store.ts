// The sync engine's store port on the till's Dexie database. Runs inside the
// sync Web Worker. Two connections to the same database:
//   - `db` (durability 'strict'): rejections, attempts and the enrolment token —
//     losing the token to a power cut would strand the till (enrolment codes work once);
//   - `bulk` (durability 'relaxed'): pulled pages, and "done" marks (a lost one only
//     means a document is pushed again and answered `duplicate`). Dexie 4.4 sets durability per
//     connection (`chromeTransactionDurability`), not per transaction. A relaxed
//     page lost to a power cut is pulled again from the older checkpoint, which
//     was committed in the same transaction, so nothing is skipped.
import {
  CheckpointMovedError,
  type OutboxCounts,
  type OutboxDocument,
  type PullChange,
  type SyncStore,
  type TerminalCredentials,
} from '../../sync/engine/store-port';
import { z } from 'zod';
import { appendAudit } from '../db/audit';
import type { TerminalIdentity, TillDb } from '../db/schema';
import { applyChanges, pulledTables, type CollectionName } from './collections';

const credentialsSchema = z.object({
  token: z.string().min(1),
  terminalId: z.string().min(1),
  storeId: z.string().min(1),
  storeCode: z.string().min(1),
  terminalCode: z.string().min(1),
});

/** Audit entry type when head office had lost acknowledged documents and they go again. */
export const RESENT_AFTER_RESTORE_AUDIT = 'outbox_resent_head_office_lost';

/** meta key under which the terminal's enrolment credentials live. */
export const CREDENTIALS_KEY = 'sync.credentials';

/**
 * meta key of a counter bumped whenever entries go back to 'pending': refused ones
 * staff send again (send-again.ts), acknowledged ones head office lost
 * (resendDoneAfter) — the only ways an entry becomes pending again.
 */
export const OUTBOX_REQUEUED_KEY = 'sync.outboxRequeued';

/** Bump OUTBOX_REQUEUED_KEY; inside a rw transaction over `meta`. */
export async function bumpOutboxRequeued(db: TillDb): Promise<void> {
  const requeued = (await db.meta.get(OUTBOX_REQUEUED_KEY))?.value;
  await db.meta.put({
    key: OUTBOX_REQUEUED_KEY,
    value: (typeof requeued === 'number' ? requeued : 0) + 1,
  });
}

export class DexieSyncStore implements SyncStore {
  /**
   * Every entry below this outbox sequence is done or rejected. New entries get
   * higher sequences, so it only moves up and each nextPending() walks from here
   * instead of from the first sale ever — until staff send refused entries again
   * or head office lost some (OUTBOX_REQUEUED_KEY changes), when it starts from 0
   * once more.
   */
  private floor = 0;
  /** OUTBOX_REQUEUED_KEY's value when the floor was last trusted. */
  private requeued: unknown = undefined;

  constructor(
    private readonly db: TillDb,
    private readonly bulk: TillDb = db,
    /** ISO-8601 clock for pulledAt. */
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async nextPending(batch: number): Promise<OutboxDocument[]> {
    // Read before the outbox: an entry sent again after this read is found next round.
    const requeued = (await this.db.meta.get(OUTBOX_REQUEUED_KEY))?.value;
    if (requeued !== this.requeued) {
      this.requeued = requeued;
      this.floor = 0;
    }
    const entries = await this.db.outbox
      .where('sequence')
      .aboveOrEqual(this.floor)
      .filter((e) => e.state === 'pending')
      .limit(batch)
      .toArray();
    if (entries[0]) this.floor = entries[0].sequence;
    return entries.map((e) => ({
      id: e.id,
      terminalId: e.terminalId,
      sequence: e.sequence,
      type: e.type,
      body: e.body,
      attempts: e.attempts,
      createdAt: e.createdAt,
    }));
  }

  /**
   * On the relaxed connection: losing a "done" mark to a power cut only means the
   * document is pushed again and head office answers `duplicate`, so this write need
   * not wait for the disk as a sale does.
   */
  async markDone(ids: readonly string[], at: string): Promise<void> {
    await this.bulk.outbox
      .where('id')
      .anyOf([...ids])
      .modify((e) => {
        // Only a pending entry moves: a rejected one stays parked.
        if (e.state !== 'pending') return;
        e.state = 'done';
        e.doneAt = at;
        e.lastError = null;
      });
  }

  async markRejected(id: string, code: string, reason: string): Promise<void> {
    await this.db.outbox.update(id, {
      state: 'rejected',
      rejectedReason: reason,
      lastError: `rejected: ${code}`,
    });
  }

  /**
   * On the strict connection, with an audit entry (the system's own act, actor
   * `sync`) and a bump of OUTBOX_REQUEUED_KEY so the floor starts from 0 again.
   */
  async resendDoneAfter(terminalId: string, sequence: number, reason: string): Promise<number> {
    const db = this.db;
    return db.transaction('rw', [db.outbox, db.audit, db.meta], async () => {
      const entries = await db.outbox
        .where('sequence')
        .above(sequence)
        .filter((e) => e.state === 'done' && e.terminalId === terminalId)
        .toArray();
      if (entries.length === 0) return 0;
      await db.outbox.bulkUpdate(
        entries.map((e) => ({
          key: e.id,
          changes: { state: 'pending' as const, doneAt: null, lastError: reason },
        })),
      );
      await appendAudit(
        db,
        {
          type: RESENT_AFTER_RESTORE_AUDIT,
          actorId: 'sync',
          refId: null,
          data: {
            terminalId,
            headOfficeLastSequence: sequence,
            documents: entries.length,
            sequences: [entries[0]!.sequence, entries.at(-1)!.sequence],
          },
        },
        this.now(),
      );
      await bumpOutboxRequeued(db);
      return entries.length;
    });
  }

  async recordAttempt(ids: readonly string[], error: string): Promise<void> {
    await this.db.outbox
      .where('id')
      .anyOf([...ids])
      .modify((e) => {
        e.attempts += 1;
        e.lastError = error;
      });
  }

  async getCheckpoint(collection: string): Promise<number | null> {
    return (await this.db.syncState.get(collection))?.checkpoint ?? null;
  }

  async resetCheckpoint(collection: string, checkpoint: number): Promise<void> {
    await this.db.transaction('rw', this.db.syncState, async () => {
      const row = await this.db.syncState.get(collection);
      if (row?.checkpoint === checkpoint) await this.db.syncState.delete(collection);
    });
  }

  async applyPage(
    collection: string,
    changes: readonly PullChange[],
    checkpoint: number,
    after: number | null,
  ): Promise<void> {
    const name = collection as CollectionName;
    const tables = pulledTables(name);
    const bulk = this.bulk;
    await bulk.transaction('rw', [...tables, 'syncState'], async () => {
      const pulledAt = this.now();
      // The checkpoint is read and the changes written in the same go (no round trip
      // in between); a wrong checkpoint throws, which aborts the transaction and
      // takes the changes back.
      const [current] = await Promise.all([
        bulk.syncState.get(collection),
        applyChanges(bulk, name, changes, pulledAt),
      ]);
      const found = current?.checkpoint ?? null;
      if (found !== after) throw new CheckpointMovedError(collection, after, found);
      await bulk.syncState.put({ collection, checkpoint, pulledAt });
    });
  }

  async counts(): Promise<OutboxCounts> {
    const [waiting, rejected] = await Promise.all([
      this.db.outbox.where('state').equals('pending').count(),
      this.db.outbox.where('state').equals('rejected').count(),
    ]);
    return { waiting, rejected };
  }

  async getCredentials(): Promise<TerminalCredentials | null> {
    const row = await this.db.meta.get(CREDENTIALS_KEY);
    if (!row) return null;
    const parsed = credentialsSchema.safeParse(row.value);
    if (!parsed.success)
      throw new Error("The till's enrolment record is damaged; enrol the till again");
    return parsed.data;
  }

  /**
   * Keep the token and make the identity head office assigned the one receipts are
   * numbered with — one transaction, so no sale can see the one without the other.
   */
  async saveCredentials(credentials: TerminalCredentials): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      await this.db.meta.bulkPut([
        { key: CREDENTIALS_KEY, value: credentials },
        { key: 'terminal', value: enrolledIdentity(credentials) },
      ]);
    });
  }
}

/** The terminal identity head office assigned at enrolment. */
export function enrolledIdentity(credentials: TerminalCredentials): TerminalIdentity {
  return {
    storeId: credentials.storeId,
    storeCode: credentials.storeCode,
    terminalId: credentials.terminalId,
    terminalCode: credentials.terminalCode,
  };
}

/**
 * At start-up: record in meta 'terminal' the identity this till sells under, and
 * return it (null = it must not sell).
 * - No head office: the configured identity.
 * - With a head office: the identity enrolment brought, whatever the config says;
 *   none before the first enrolment. A till with a head office never sells under its
 *   configured identity, because head office may assign others and would refuse every
 *   sale made under them (see docs/sync-engine.md, "Terminal identity").
 */
export async function settleTerminalIdentity(
  db: TillDb,
  configured: TerminalIdentity,
  hasHeadOffice: boolean,
): Promise<TerminalIdentity | null> {
  return db.transaction('rw', db.meta, async () => {
    const credentials = hasHeadOffice ? await new DexieSyncStore(db).getCredentials() : null;
    const identity = hasHeadOffice
      ? credentials
        ? enrolledIdentity(credentials)
        : null
      : configured;
    if (identity) await db.meta.put({ key: 'terminal', value: identity });
    else await db.meta.delete('terminal');
    return identity;
  });
}
