// An in-memory head office for the engine's tests: stores documents once by
// id (a repeat is a duplicate), refuses chosen ids, hands out changes by seq,
// and fails pushes as scripted (before head office commits, or after).
import { expect } from 'vitest';
import type { HeadOfficeClient, PullPage, PushOutcome, TerminalState } from './head-office-client';
import type { OutboxDocument, PullChange, TerminalCredentials } from './store-port';
import { PermanentSyncError, TransientSyncError } from './transport';

export const CREDS: TerminalCredentials = {
  token: 'tok',
  terminalId: 't1',
  storeId: 's1',
  storeCode: 'S001',
  terminalCode: 'T01',
};

/** An in-memory head office: stores documents once by id, hands out changes by seq. */
export class FakeHeadOffice implements HeadOfficeClient {
  readonly received = new Map<string, unknown>();
  /** Envelope sequence of each received document. */
  readonly sequences = new Map<string, number>();
  /** terminalState answers null, as a head office from before GET /terminal. */
  noTerminalState = false;
  terminalStateCalls = 0;
  readonly pushBatches: string[][] = [];
  readonly changes = new Map<string, PullChange[]>();
  rejectIds = new Set<string>();
  /** Each push call takes the next scripted failure, if any. */
  failures: Array<'network' | 'after_commit'> = [];
  enrolCalls = 0;
  codes = new Set(['CODE-1']);

  async enrol(code: string): Promise<TerminalCredentials> {
    this.enrolCalls += 1;
    if (!this.codes.delete(code))
      throw new PermanentSyncError('Enrolment code unknown or used', 403);
    return CREDS;
  }

  async push(creds: TerminalCredentials, docs: readonly OutboxDocument[]): Promise<PushOutcome[]> {
    expect(creds.token).toBe(CREDS.token);
    const failure = this.failures.shift();
    if (failure === 'network')
      throw new TransientSyncError('Head office unreachable (ECONNREFUSED)');
    this.pushBatches.push(docs.map((d) => d.id));
    const outcomes = docs.map((d): PushOutcome => {
      if (this.rejectIds.has(d.id))
        return {
          id: d.id,
          outcome: 'rejected',
          code: 'totals_mismatch',
          reason: 'Totals do not add up',
        };
      if (this.received.has(d.id)) return { id: d.id, outcome: 'duplicate' };
      this.received.set(d.id, d.body);
      this.sequences.set(d.id, d.sequence);
      return { id: d.id, outcome: 'accepted' };
    });
    if (failure === 'after_commit')
      throw new TransientSyncError('Connection to head office dropped');
    return outcomes;
  }

  async terminalState(creds: TerminalCredentials): Promise<TerminalState | null> {
    expect(creds.token).toBe(CREDS.token);
    this.terminalStateCalls += 1;
    if (this.noTerminalState) return null;
    const sequences = [...this.sequences.values()];
    return { lastSequence: sequences.length > 0 ? Math.max(...sequences) : null };
  }

  /** Head office restored from an older copy: it no longer holds documents above `sequence`. */
  restoreTo(sequence: number): void {
    for (const [id, seq] of this.sequences) {
      if (seq > sequence) {
        this.sequences.delete(id);
        this.received.delete(id);
      }
    }
  }

  async pull(
    _creds: TerminalCredentials,
    collection: string,
    after: number | null,
    limit: number,
  ): Promise<PullPage> {
    const all = (this.changes.get(collection) ?? []).filter((c) => c.seq > (after ?? 0));
    const page = all.slice(0, limit);
    return { changes: page, checkpoint: page.at(-1)?.seq ?? after ?? 0, more: all.length > limit };
  }
}

export function doc(n: number): Omit<OutboxDocument, 'attempts'> {
  return {
    id: `doc-${String(n).padStart(4, '0')}`,
    terminalId: 't1',
    sequence: n,
    type: 'sale',
    body: { n },
    createdAt: '2026-11-23T12:00:00.000Z',
  };
}
