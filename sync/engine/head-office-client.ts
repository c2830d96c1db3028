// The engine's port to head office. The HTTP implementation (http-client.ts)
// speaks sync/protocol; engine tests use an in-memory one.
import type { OutboxDocument, PullChange, TerminalCredentials } from './store-port';

/** Head office's answer for one pushed document. */
export type PushOutcome =
  | { id: string; outcome: 'accepted' | 'duplicate' }
  | { id: string; outcome: 'rejected'; code: string; reason: string };

export interface PullPage {
  changes: PullChange[];
  /** Checkpoint to resume after; applied with the page. */
  checkpoint: number;
  /** More changes wait after this page. */
  more: boolean;
}

/** What head office holds of this terminal (GET /terminal). */
export interface TerminalState {
  /** Highest sequence among the terminal's documents head office stores; null: none. */
  lastSequence: number | null;
}

export interface HeadOfficeClient {
  /**
   * Trade a one-time enrolment code for this terminal's credentials. `terminalId`:
   * the terminal this till already is, when it enrols again (head office refused
   * its token); head office then refuses a code for another terminal.
   */
  enrol(code: string, terminalId?: string): Promise<TerminalCredentials>;
  /** Push documents; one outcome per document (by id). Throws TransientSyncError / PermanentSyncError. */
  push(credentials: TerminalCredentials, docs: readonly OutboxDocument[]): Promise<PushOutcome[]>;
  /**
   * What head office holds of this terminal, or null when this head office does not
   * say (an older server, answering 404).
   */
  terminalState(credentials: TerminalCredentials): Promise<TerminalState | null>;
  /** One page of a collection's changes after `after` (null = from the start). */
  pull(
    credentials: TerminalCredentials,
    collection: string,
    after: number | null,
    limit: number,
  ): Promise<PullPage>;
}
