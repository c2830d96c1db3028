// In-memory SyncStore: the reference implementation of the port, used by the
// engine's tests and as the model the Dexie store is checked against.
import {
  CheckpointMovedError,
  type OutboxCounts,
  type OutboxDocument,
  type PullChange,
  type SyncStore,
  type TerminalCredentials,
} from './store-port';

export interface MemoryOutboxEntry extends OutboxDocument {
  state: 'pending' | 'done' | 'rejected';
  lastError: string | null;
  rejectedReason: string | null;
  rejectedCode: string | null;
  doneAt: string | null;
}

export class MemorySyncStore implements SyncStore {
  readonly outbox = new Map<string, MemoryOutboxEntry>();
  readonly collections = new Map<string, Map<string, unknown>>();
  readonly checkpoints = new Map<string, number>();
  credentials: TerminalCredentials | null = null;

  add(doc: Omit<OutboxDocument, 'attempts'>): void {
    this.outbox.set(doc.id, {
      ...doc,
      attempts: 0,
      state: 'pending',
      lastError: null,
      rejectedReason: null,
      rejectedCode: null,
      doneAt: null,
    });
  }

  async nextPending(batch: number): Promise<OutboxDocument[]> {
    return [...this.outbox.values()]
      .filter((e) => e.state === 'pending')
      .sort((a, b) => a.sequence - b.sequence)
      .slice(0, batch)
      .map((e) => ({ ...e }));
  }

  async markDone(ids: readonly string[], at: string): Promise<void> {
    for (const id of ids) {
      const e = this.outbox.get(id);
      if (e && e.state === 'pending') Object.assign(e, { state: 'done', doneAt: at });
    }
  }

  async markRejected(id: string, code: string, reason: string): Promise<void> {
    const e = this.outbox.get(id);
    if (e) Object.assign(e, { state: 'rejected', rejectedCode: code, rejectedReason: reason });
  }

  async resendDoneAfter(terminalId: string, sequence: number, reason: string): Promise<number> {
    let moved = 0;
    for (const e of this.outbox.values()) {
      if (e.terminalId !== terminalId || e.sequence <= sequence || e.state !== 'done') continue;
      Object.assign(e, { state: 'pending', doneAt: null, lastError: reason });
      moved += 1;
    }
    return moved;
  }

  async recordAttempt(ids: readonly string[], error: string): Promise<void> {
    for (const id of ids) {
      const e = this.outbox.get(id);
      if (e) Object.assign(e, { attempts: e.attempts + 1, lastError: error });
    }
  }

  async getCheckpoint(collection: string): Promise<number | null> {
    return this.checkpoints.get(collection) ?? null;
  }

  async resetCheckpoint(collection: string, checkpoint: number): Promise<void> {
    if (this.checkpoints.get(collection) === checkpoint) this.checkpoints.delete(collection);
  }

  async applyPage(
    collection: string,
    changes: readonly PullChange[],
    checkpoint: number,
    after: number | null,
  ): Promise<void> {
    const current = this.checkpoints.get(collection) ?? null;
    if (current !== after) throw new CheckpointMovedError(collection, after, current);
    const rows = this.collections.get(collection) ?? new Map<string, unknown>();
    for (const c of changes) {
      if (c.deleted) rows.delete(c.key);
      else rows.set(c.key, c.value);
    }
    this.collections.set(collection, rows);
    this.checkpoints.set(collection, checkpoint);
  }

  async counts(): Promise<OutboxCounts> {
    let waiting = 0;
    let rejected = 0;
    for (const e of this.outbox.values()) {
      if (e.state === 'pending') waiting += 1;
      else if (e.state === 'rejected') rejected += 1;
    }
    return { waiting, rejected };
  }

  async getCredentials(): Promise<TerminalCredentials | null> {
    return this.credentials;
  }

  async saveCredentials(credentials: TerminalCredentials): Promise<void> {
    this.credentials = credentials;
  }
}
