// The till side of sync: push the outbox in order, pull collections from
// their checkpoints, enrol once, and keep a status the till can show.
// Pure apart from its ports: the store, the head-office client, the clock,
// the random source and the timer are all injected.
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { HeadOfficeClient, PullPage, PushOutcome } from './head-office-client';
import { SliceSizer } from './slice-sizer';
import { INITIAL_STATUS, type SyncStatus } from './status';
import type { OutboxDocument, PullChange, SyncStore, TerminalCredentials } from './store-port';
import { PermanentSyncError, TransientSyncError } from './transport';

export interface SyncEngineOptions {
  store: SyncStore;
  client: HeadOfficeClient;
  /** Collections to pull, in order (e.g. taxRates before products). */
  collections: readonly string[];
  /** One-time enrolment code from config; used only while no credentials are stored. */
  enrolmentCode?: string | null;
  /** Outbox entries per push request. Default 100. */
  batchSize?: number;
  /** Changes per pull request. Default 5000 (head office's most). */
  pageSize?: number;
  /** Changes per write transaction (each with its checkpoint). Default 100. */
  applySliceSize?: number;
  /**
   * Aim for pull write transactions of about this many ms: slices grow (up to a
   * page) while they commit faster, and shrink when slower but never below
   * `applySliceSize`. Default null: always `applySliceSize`.
   */
  applyBudgetMs?: number | null;
  /** Monotonic ms for timing writes. Default performance.now. */
  clockMs?: () => number;
  /** Wait between sync rounds while all is well, ms. Default 5000. */
  intervalMs?: number;
  /**
   * Ask head office what it holds of this terminal (and push again what it lost)
   * in the first round and then at most this often, ms. Default 60000.
   */
  checkHeldEveryMs?: number;
  backoff?: BackoffPolicy;
  /** Uniform [0, 1) — the jitter source. */
  random: () => number;
  now: () => Date;
  onStatus?: (status: SyncStatus) => void;
}

/** How one sync round ended. */
export type RoundResult = 'ok' | 'transient' | 'permanent' | 'not_enrolled' | 'stopped';

/** Smallest pull page the engine falls back to on a link too slow for bigger ones. */
export const MIN_PULL_PAGE = 100;
/** Pages that must arrive in time, in a row, before the pull page grows back. */
export const PULL_GROW_AFTER = 10;

/** Thrown inside a round when stop() was called: the round ends between two writes. */
class StoppedError extends Error {
  override readonly name = 'StoppedError';
}

/** Least time between two outbox counts published while a long drain runs, ms. */
const COUNTS_REFRESH_MS = 1000;

/** Head office's refusals of a whole push for what is in it, not for who sent it. */
const DOCUMENT_REFUSALS = new Set([
  'invalid_body',
  'payload_too_large',
  'forbidden_store',
  'forbidden_terminal',
]);

function refusesDocuments(err: unknown): err is PermanentSyncError {
  return (
    err instanceof PermanentSyncError &&
    (err.status === 413 || (err.code !== null && DOCUMENT_REFUSALS.has(err.code)))
  );
}

export class SyncEngine {
  private status: SyncStatus = { ...INITIAL_STATUS };
  private readonly batchSize: number;
  private readonly pageSize: number;
  private readonly applySliceSize: number;
  private readonly applyBudgetMs: number | null;
  private readonly clockMs: () => number;
  private readonly intervalMs: number;
  private readonly backoff: BackoffPolicy;
  private running = false;
  /** stop() was called: a round in progress ends at its next page or slice. */
  private stopping = false;
  /**
   * Changes asked for per pull request: pageSize, halved (down to MIN_PULL_PAGE)
   * each time a page does not arrive within the request timeout, doubled back
   * after PULL_GROW_AFTER pages in a row that do. A fixed 5,000 (~1.5 MB of
   * products) over a slow mobile link timed out on every retry, and the pull
   * never moved.
   */
  private pullLimit: number;
  private pullPagesOk = 0;
  private readonly checkHeldEveryMs: number;
  /** clockMs() when head office last said what it holds of this terminal. */
  private heldCheckedAt = Number.NEGATIVE_INFINITY;
  /** clockMs() when pushAll last published outbox counts. */
  private countsShownAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private wakeUp: (() => void) | null = null;
  private wakePending = false;
  private forced = false;
  private loop: Promise<void> | null = null;
  /** The one-time code to enrol with while no credentials are stored (config, or typed). */
  private enrolmentCode: string | null;
  /**
   * Head office refused the stored token (unknown: a new code was issued for this
   * terminal; or the terminal revoked). Only a code typed since enrols again.
   */
  private tokenRefused = false;
  /** A code a person typed and no enrolment has used or refused yet. */
  private typedCode: string | null = null;
  /**
   * Why head office refused the last code typed to enrol again. It stays on the
   * status line (instead of the token's refusal the next rounds get) until
   * another code is typed or a round succeeds: it names what to ask head office.
   */
  private enrolAgainRefusal: string | null = null;

  constructor(private readonly opts: SyncEngineOptions) {
    this.enrolmentCode = opts.enrolmentCode ?? null;
    this.batchSize = opts.batchSize ?? 100;
    this.pageSize = opts.pageSize ?? 5000;
    this.pullLimit = this.pageSize;
    this.applySliceSize = opts.applySliceSize ?? 100;
    this.applyBudgetMs = opts.applyBudgetMs ?? null;
    this.clockMs = opts.clockMs ?? (() => performance.now());
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.checkHeldEveryMs = opts.checkHeldEveryMs ?? 60_000;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  /** Re-read the outbox counts (e.g. after the till completed a sale). */
  async refreshCounts(): Promise<void> {
    const counts = await this.opts.store.counts();
    this.setStatus(counts);
  }

  /**
   * One round: enrol if needed, push everything pending, pull every
   * collection to its end. Never throws; the outcome is in the status.
   */
  async syncOnce(): Promise<RoundResult> {
    try {
      const credentials = await this.ensureEnrolled();
      if (!credentials) {
        await this.refreshCounts();
        return 'not_enrolled';
      }
      await this.checkHeld(credentials);
      await this.pushAll(credentials);
      await this.pullAll(credentials);
      const counts = await this.opts.store.counts();
      // A token refused before and taken now (head office's refusal was lifted).
      this.tokenRefused = false;
      this.enrolAgainRefusal = null;
      this.setStatus({
        ...counts,
        needsEnrolmentCode: false,
        connection: 'online',
        lastSyncAt: this.opts.now().toISOString(),
        lastError: null,
        pull: null,
      });
      return 'ok';
    } catch (err) {
      if (err instanceof StoppedError) return 'stopped';
      const counts = await this.opts.store.counts().catch(() => ({}));
      if (err instanceof TransientSyncError) {
        this.setStatus({ ...counts, connection: 'offline', lastError: err.message, pull: null });
        return 'transient';
      }
      // Head office answered (so we are online) but refused the request itself.
      const tokenRefused = isTokenRefusal(err);
      if (tokenRefused) this.tokenRefused = true;
      const message = err instanceof Error ? err.message : String(err);
      this.setStatus({
        ...counts,
        connection: err instanceof PermanentSyncError ? 'online' : this.status.connection,
        lastError: tokenRefused ? (this.enrolAgainRefusal ?? message) : message,
        pull: null,
        ...(tokenRefused ? { needsEnrolmentCode: true } : {}),
      });
      return 'permanent';
    }
  }

  /** Run rounds until stop(): steady interval when well, backoff with jitter when not. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = (async () => {
      while (this.running) {
        const result = await this.syncOnce();
        if (!this.running) break;
        this.failures = result === 'ok' || result === 'not_enrolled' ? 0 : this.failures + 1;
        const delay =
          result === 'transient'
            ? backoffDelay(this.failures, this.backoff, this.opts.random)
            : result === 'permanent'
              ? this.backoff.capMs
              : this.intervalMs;
        await this.wait(delay, result === 'ok' || result === 'not_enrolled');
      }
    })();
  }

  /** Stop after the current request; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = this.loop !== null;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
    this.stopping = false;
  }

  /**
   * Something new to push (a sale was completed): cut the idle wait short.
   * During a backoff wait it does nothing, so a busy offline till does not
   * hammer a head office that is down — unless `force` (a person pressed
   * "Sync now"), which cuts any wait. A press stays pending until a wait
   * consumes it: a plain wake after it (a sale) does not cancel it.
   */
  wake(force = false): void {
    this.wakePending = true;
    this.forced ||= force;
    this.wakeUp?.();
  }

  /**
   * A person typed the one-time enrolment code head office gave for this till:
   * enrol with it now (it replaces the configured one). Once the till is enrolled
   * a code replaces its token only after head office refused that token, and only
   * for the same terminal (enrolAgain); otherwise it is ignored.
   */
  useEnrolmentCode(code: string): void {
    this.enrolmentCode = code;
    this.typedCode = code;
    this.enrolAgainRefusal = null;
    this.wake(true);
  }

  /** Wait `ms`; a wake() ends it early only when `wakeable`. */
  private wait(ms: number, wakeable: boolean): Promise<void> {
    if ((wakeable || this.forced) && this.wakePending) {
      this.wakePending = false;
      this.forced = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        this.wakePending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = () => {
        if (wakeable || this.forced || !this.running) done();
        this.forced = false;
      };
    });
  }

  private async ensureEnrolled(): Promise<TerminalCredentials | null> {
    const stored = await this.opts.store.getCredentials();
    if (stored) {
      if (this.tokenRefused && this.typedCode !== null)
        return this.enrolAgain(stored, this.typedCode);
      // Refused and no code yet: the round goes on with the token, so the status
      // keeps saying why, and a head office that takes it again is noticed.
      if (!this.status.enrolled) this.setStatus({ enrolled: true, needsEnrolmentCode: false });
      this.typedCode = null;
      return stored;
    }
    const code = this.enrolmentCode;
    if (!code) {
      this.setStatus({
        enrolled: false,
        needsEnrolmentCode: true,
        lastError: 'Till is not enrolled with head office',
      });
      return null;
    }
    let credentials: TerminalCredentials;
    try {
      credentials = await this.opts.client.enrol(code);
    } catch (err) {
      // Refused (unknown, used, revoked): only another code helps. Unreachable: wait.
      if (err instanceof PermanentSyncError) this.setStatus({ needsEnrolmentCode: true });
      throw err;
    }
    // Saved before anything else: the code is one-time, so the token is the only way back in.
    await this.opts.store.saveCredentials(credentials);
    this.typedCode = null;
    this.setStatus({ enrolled: true, needsEnrolmentCode: false, connection: 'online' });
    return credentials;
  }

  /**
   * Head office refused this till's token, and a person typed a code head office
   * issued again for this terminal (`npm run ho -- reissue-code`): enrol with it,
   * naming the terminal, so head office refuses a code for another one
   * (`enrolment_code_other_terminal`) without using it up. The new token replaces
   * the old; the identity, and so the outbox and its sequence, stay — the
   * documents that waited go in this round. A refused code is dropped (the
   * reason shows on the status line) until another is typed.
   */
  private async enrolAgain(
    stored: TerminalCredentials,
    code: string,
  ): Promise<TerminalCredentials> {
    let credentials: TerminalCredentials;
    try {
      credentials = await this.opts.client.enrol(code, stored.terminalId);
    } catch (err) {
      if (err instanceof PermanentSyncError) {
        // Not a code typed while this one was on its way.
        if (this.typedCode === code) {
          this.typedCode = null;
          this.enrolAgainRefusal = err.message;
        }
        this.setStatus({ needsEnrolmentCode: true });
      }
      throw err;
    }
    if (credentials.terminalId !== stored.terminalId || credentials.storeId !== stored.storeId) {
      // Only a head office that ignored the terminal named could answer so.
      if (this.typedCode === code) this.typedCode = null;
      throw new PermanentSyncError(
        `Head office enrolled this till as terminal ${credentials.storeCode}-${credentials.terminalCode} ` +
          `(${credentials.terminalId}), but it is ${stored.storeCode}-${stored.terminalCode} ` +
          `(${stored.terminalId}); its token was not replaced. Revoke ${credentials.terminalId} at head office`,
        null,
      );
    }
    await this.opts.store.saveCredentials(credentials);
    this.tokenRefused = false;
    if (this.typedCode === code) this.typedCode = null;
    this.enrolAgainRefusal = null;
    this.enrolmentCode = null;
    this.setStatus({
      enrolled: true,
      needsEnrolmentCode: false,
      connection: 'online',
      lastError: null,
    });
    return credentials;
  }

  /**
   * Documents head office acknowledged are marked done and never pushed again — so
   * if head office's database is restored from an older copy, the ones stored after
   * that copy are gone there and nowhere pushed. Head office says the highest
   * sequence it holds of this terminal; done entries above it go back to pending
   * and are pushed in this round (head office stores each once by id). Asked in the
   * first round, then every checkHeldEveryMs; a head office that does not say
   * (older, 404), or an answer that fails, is not asked again until the next
   * interval and does not hold up the push.
   */
  private async checkHeld(credentials: TerminalCredentials): Promise<void> {
    const at = this.clockMs();
    if (at - this.heldCheckedAt < this.checkHeldEveryMs) return;
    let held;
    try {
      held = await this.opts.client.terminalState(credentials);
    } catch (err) {
      // A refusal of the till itself stops the round as a push would be refused.
      // Anything else (a proxy that does not know the path, a slow answer, a form
      // this till does not read) must not keep the sales from going: the push
      // goes ahead, and the check is tried again at the next interval.
      if (err instanceof PermanentSyncError && (err.status === 401 || err.status === 403))
        throw err;
      this.heldCheckedAt = at;
      return;
    }
    this.heldCheckedAt = at;
    if (held === null) return;
    const moved = await this.opts.store.resendDoneAfter(
      credentials.terminalId,
      held.lastSequence ?? 0,
      `Head office no longer held it (its last from this till is ${held.lastSequence ?? 'none'}: restored from an older copy?); sending it again`,
    );
    if (moved > 0) this.setStatus(await this.opts.store.counts());
  }

  /** Drain the outbox in sequence order, one batch per request. */
  private async pushAll(credentials: TerminalCredentials): Promise<void> {
    for (;;) {
      if (this.stopping) throw new StoppedError();
      const next = await this.opts.store.nextPending(this.batchSize);
      if (next.length === 0) return;
      // A document made under another terminal identity (before enrolment, or
      // config and enrolment disagree) would make head office refuse the WHOLE
      // batch (forbidden_terminal). Park it here with a reason instead, so it
      // is visible and never blocks the sales behind it.
      const batch = [];
      for (const doc of next) {
        if (doc.terminalId === credentials.terminalId) batch.push(doc);
        else {
          await this.opts.store.markRejected(
            doc.id,
            'forbidden_terminal',
            `Made as terminal ${doc.terminalId}, but this till is enrolled as ` +
              `${credentials.terminalCode} (${credentials.terminalId}); head office would refuse it`,
          );
        }
      }
      if (batch.length === 0) continue;
      let outcomes;
      try {
        outcomes = await this.pushIsolating(credentials, batch);
      } catch (err) {
        if (err instanceof TransientSyncError) {
          await this.opts.store.recordAttempt(
            batch.map((d) => d.id),
            err.message,
          );
        }
        throw err;
      }
      this.setStatus({ connection: 'online' });
      const byId = new Map(outcomes.map((o) => [o.id, o]));
      const done: string[] = [];
      const unanswered: string[] = [];
      for (const doc of batch) {
        const outcome = byId.get(doc.id);
        if (!outcome) unanswered.push(doc.id);
        else if (outcome.outcome === 'rejected') {
          await this.opts.store.markRejected(doc.id, outcome.code, outcome.reason);
        } else done.push(doc.id);
      }
      if (done.length > 0) await this.opts.store.markDone(done, this.opts.now().toISOString());
      // Counting the outbox reads its whole index range: during a long drain, refresh the
      // "waiting" figure about once a second, not after every batch (the round ends with
      // an exact count either way).
      if (this.clockMs() - this.countsShownAt >= COUNTS_REFRESH_MS) {
        this.countsShownAt = this.clockMs();
        this.setStatus(await this.opts.store.counts());
      }
      if (unanswered.length > 0) {
        // Head office must answer for every document; one it skipped stays pending.
        const message = `Head office did not answer for ${unanswered.length} document(s)`;
        await this.opts.store.recordAttempt(unanswered, message);
        throw new TransientSyncError(message);
      }
    }
  }

  /**
   * Push a batch; when head office refuses the batch as a whole for what is in
   * it (a malformed envelope, too large a body, a document naming another store
   * or terminal), push each half of it instead, down to single documents, and
   * park the ones it refuses with head office's reason. Without this, one such
   * document made the whole outbox behind it wait for ever, retried once a
   * minute. When every document is refused on its own, it is not one bad
   * document but something about them all (a till bug in the envelope, a head
   * office with other rules): the refusal is thrown and they wait, rather than
   * the whole outbox being parked. Refusals of the till itself (token unknown
   * or revoked, protocol version) are thrown as they are.
   */
  private async pushIsolating(
    credentials: TerminalCredentials,
    batch: readonly OutboxDocument[],
  ): Promise<PushOutcome[]> {
    let refused = 0;
    let firstRefusal: PermanentSyncError | null = null;
    const push = async (part: readonly OutboxDocument[]): Promise<PushOutcome[]> => {
      try {
        return await this.opts.client.push(credentials, part);
      } catch (err) {
        if (!refusesDocuments(err)) throw err;
        firstRefusal ??= err;
        const [only] = part;
        if (part.length === 1 && only) {
          refused += 1;
          const code = err.code ?? `http_${String(err.status)}`;
          return [{ id: only.id, outcome: 'rejected', code, reason: err.message }];
        }
        const half = Math.ceil(part.length / 2);
        return [...(await push(part.slice(0, half))), ...(await push(part.slice(half)))];
      }
    };
    const outcomes = await push(batch);
    if (firstRefusal !== null && refused === batch.length) throw firstRefusal;
    return outcomes;
  }

  /**
   * Pull each collection page by page from its checkpoint. The next page is
   * fetched while the current one is written. A page is written in slices,
   * each slice with its own checkpoint (the seq of its last change) in one
   * transaction: resuming after that seq is exactly right, and short write
   * transactions let the cashier's barcode lookups on the same table in
   * between (a reader waits for the writer in progress). Slices are sized by
   * a SliceSizer: `applySliceSize` changes, or with `applyBudgetMs` as many as
   * fit in that many ms (each transaction has a fixed cost, so bigger slices
   * pull faster), a page cut into slices of equal length. Each slice names the
   * checkpoint it follows and the store refuses it unless that is still the
   * stored one, so two pulls of the same collection (two windows) can never
   * interleave their pages.
   */
  private async pullAll(credentials: TerminalCredentials): Promise<void> {
    for (const collection of this.opts.collections) {
      await this.pullCollection(credentials, collection);
    }
  }

  private async pullCollection(
    credentials: TerminalCredentials,
    collection: string,
  ): Promise<void> {
    const { store, client } = this.opts;
    const sizer = new SliceSizer({
      initial: this.applySliceSize,
      // Never below the configured slice: under a stall (compaction, a busy machine) a
      // shrinking slice would pay the fixed cost per transaction ever more often.
      min: this.applySliceSize,
      max: Math.max(this.pageSize, this.applySliceSize),
      budgetMs: this.applyBudgetMs,
    });
    let received = 0;
    let after = await store.getCheckpoint(collection);
    const pull = async (from: number | null) => {
      try {
        const page = await client.pull(credentials, collection, from, this.pullLimit);
        if (++this.pullPagesOk >= PULL_GROW_AFTER && this.pullLimit < this.pageSize) {
          this.pullLimit = Math.min(this.pageSize, this.pullLimit * 2);
          this.pullPagesOk = 0;
        }
        return page;
      } catch (err) {
        if (err instanceof TransientSyncError && err.timedOut) {
          this.pullLimit = Math.max(Math.min(MIN_PULL_PAGE, this.pageSize), this.pullLimit >> 1);
          this.pullPagesOk = 0;
        }
        throw err;
      }
    };
    let next = pull(after);
    let restarted = false;
    for (;;) {
      let page: PullPage;
      try {
        page = await next;
      } catch (err) {
        // Head office's database was restored to a copy older than this till's
        // checkpoint: what it numbers next would be skipped. Pull from the start.
        const ahead = err instanceof PermanentSyncError && err.code === 'checkpoint_ahead';
        if (!ahead || restarted || after === null) throw err;
        restarted = true;
        await store.resetCheckpoint(collection, after);
        after = null;
        received = 0;
        next = pull(null);
        continue;
      }
      if (this.stopping) throw new StoppedError();
      if (page.more) {
        if (page.changes.length === 0 && page.checkpoint === after) {
          throw new PermanentSyncError(`Head office said more ${collection} but sent none`, null);
        }
        next = pull(page.checkpoint);
        // If writing this page fails, the prefetch is abandoned: never an unhandled rejection.
        next.catch(() => {});
      }
      const { changes } = page;
      if (changes.length === 0 && page.checkpoint !== after) {
        // Nothing to write, but head office moved on (e.g. changes for other stores).
        await store.applyPage(collection, [], page.checkpoint, after);
      }
      for (let i = 0; i < changes.length;) {
        const slice = changes.slice(i, i + sizer.nextSlice(changes.length - i));
        i += slice.length;
        const checkpoint = i >= changes.length ? page.checkpoint : (slice.at(-1) as PullChange).seq;
        const started = this.clockMs();
        await store.applyPage(collection, slice, checkpoint, after);
        sizer.record(slice.length, this.clockMs() - started);
        after = checkpoint;
        if (this.stopping) throw new StoppedError();
      }
      after = page.checkpoint;
      received += changes.length;
      if (received > 0 || page.more) {
        this.setStatus({ connection: 'online', pull: { collection, received } });
      }
      if (!page.more) break;
    }
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus?.(this.status);
  }
}

/**
 * Head office refused the till's token itself: unknown (its terminal was given a
 * new code, or head office never issued it) or the terminal revoked. By the
 * protocol's code, not the status alone: a proxy or captive portal answering 401
 * must not make staff ask for a new code, which would kill a good token.
 */
function isTokenRefusal(err: unknown): boolean {
  return (
    err instanceof PermanentSyncError &&
    ((err.status === 401 && err.code === 'unauthorized') ||
      (err.status === 403 && err.code === 'terminal_revoked'))
  );
}
