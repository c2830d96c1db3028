// An in-memory head office for the engine's tests: stores documents once by
// id (a repeat is a duplicate), refuses chosen ids, hands out changes by seq,
// and fails pushes as scripted (before head office commits, or after).
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
  /** Each push call takes the next scripted failure, if any ('none': it goes through). */
  failures: Array<'none' | 'network' | 'after_commit'> = [];
  /** Envelope sequences in the order documents were first stored. */
  readonly firstArrival: number[] = [];
  enrolCalls = 0;
  /** The terminal each enrolment call named (undefined: none). */
  readonly enrolTerminals: (string | undefined)[] = [];
  codes = new Set(['CODE-1']);
  /** The token head office takes; null once a code was issued anew and not yet used. */
  token: string | null = CREDS.token;
  revoked = false;
  /** Codes issued anew for terminal CREDS.terminalId, each with the token it gives. */
  private readonly reissued = new Map<string, string>();

  /** `npm run ho -- reissue-code`: the old token stops working, the code gives `token`. */
  reissue(code: string, token: string): void {
    this.reissued.set(code, token);
    this.token = null;
    this.revoked = false;
  }

  async enrol(code: string, terminalId?: string): Promise<TerminalCredentials> {
    this.enrolCalls += 1;
    this.enrolTerminals.push(terminalId);
    const token = this.reissued.get(code);
    if (token !== undefined) {
      if (terminalId !== undefined && terminalId !== CREDS.terminalId)
        throw new PermanentSyncError(
          'This code is for another terminal',
          409,
          'enrolment_code_other_terminal',
        );
      this.reissued.delete(code);
      this.token = token;
      return { ...CREDS, token };
    }
    if (!this.codes.delete(code))
      throw new PermanentSyncError('Enrolment code unknown or used', 404, 'enrolment_code_unknown');
    return CREDS;
  }

  /** Refuse a revoked terminal, or a token head office does not take, as head office does. */
  private checkToken(creds: TerminalCredentials): void {
    if (this.revoked)
      throw new PermanentSyncError('Terminal S001-T01 was revoked', 403, 'terminal_revoked');
    if (creds.token !== this.token)
      throw new PermanentSyncError('Head office does not know this token', 401, 'unauthorized');
  }

  async push(creds: TerminalCredentials, docs: readonly OutboxDocument[]): Promise<PushOutcome[]> {
    this.checkToken(creds);
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
      this.firstArrival.push(d.sequence);
      return { id: d.id, outcome: 'accepted' };
    });
    if (failure === 'after_commit')
      throw new TransientSyncError('Connection to head office dropped');
    return outcomes;
  }

  async terminalState(creds: TerminalCredentials): Promise<TerminalState | null> {
    this.checkToken(creds);
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
    creds: TerminalCredentials,
    collection: string,
    after: number | null,
    limit: number,
  ): Promise<PullPage> {
    this.checkToken(creds);
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
