// Property: whatever mix of network failures (before or after head office
// commits), refusals and batch sizes, once the network behaves the outbox ends
// empty, every document head office did not refuse is done at the till and
// held at head office, refused ones are parked, nothing is marked done that
// head office does not hold, and documents first reach head office in
// sequence order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncEngine } from './engine';
import type { HeadOfficeClient, PushOutcome } from './head-office-client';
import { MemorySyncStore } from './memory-store';
import type { OutboxDocument, TerminalCredentials } from './store-port';
import { TransientSyncError } from './transport';

const CREDS: TerminalCredentials = {
  token: 't',
  terminalId: 't1',
  storeId: 's1',
  storeCode: 'S001',
  terminalCode: 'T01',
};

type Fault = 'none' | 'before' | 'after_commit';

class ScriptedHeadOffice implements HeadOfficeClient {
  /** Ids head office holds (it answers a repeat as duplicate, as the real one does). */
  readonly stored = new Set<string>();
  /** Sequence of each stored id. */
  readonly sequences = new Map<string, number>();
  readonly firstArrival: number[] = [];
  constructor(
    private readonly faults: Fault[],
    private readonly refused: Set<string>,
  ) {}
  async enrol(): Promise<TerminalCredentials> {
    return CREDS;
  }
  async push(_c: TerminalCredentials, docs: readonly OutboxDocument[]): Promise<PushOutcome[]> {
    const fault = this.faults.shift() ?? 'none';
    if (fault === 'before') throw new TransientSyncError('unreachable');
    const outcomes = docs.map((d): PushOutcome => {
      if (this.refused.has(d.id))
        return { id: d.id, outcome: 'rejected', code: 'invalid', reason: 'bad' };
      if (this.stored.has(d.id)) return { id: d.id, outcome: 'duplicate' };
      this.stored.add(d.id);
      this.sequences.set(d.id, d.sequence);
      this.firstArrival.push(d.sequence);
      return { id: d.id, outcome: 'accepted' };
    });
    if (fault === 'after_commit') throw new TransientSyncError('answer lost');
    return outcomes;
  }
  async terminalState() {
    const held = [...this.sequences.values()];
    return { lastSequence: held.length > 0 ? Math.max(...held) : null };
  }
  /** Restored from an older copy: documents above `sequence` are gone. */
  restoreTo(sequence: number): void {
    for (const [id, seq] of this.sequences) {
      if (seq <= sequence) continue;
      this.sequences.delete(id);
      this.stored.delete(id);
    }
  }
  async pull() {
    return { changes: [], checkpoint: 0, more: false };
  }
}

/** An enrolled till with documents d1 … d`count` waiting. */
function enrolledOutbox(count: number): MemorySyncStore {
  const store = new MemorySyncStore();
  store.credentials = CREDS;
  for (let n = 1; n <= count; n++) {
    store.add({
      id: `d${n}`,
      terminalId: 't1',
      sequence: n,
      type: 'sale',
      body: null,
      createdAt: '',
    });
  }
  return store;
}

describe('SyncEngine push under arbitrary faults', () => {
  it('drains to exactly-once delivery in sequence order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.constantFrom<Fault>('none', 'before', 'after_commit'), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        async (count, batchSize, faults, refusedSeqs) => {
          const store = enrolledOutbox(count);
          const refused = new Set(refusedSeqs.filter((s) => s <= count).map((s) => `d${s}`));
          const ho = new ScriptedHeadOffice([...faults], refused);
          const engine = new SyncEngine({
            store,
            client: ho,
            collections: [],
            batchSize,
            random: () => 0,
            now: () => new Date(0),
          });
          // Every failing round uses up one scripted fault, so this always ends.
          for (let round = 0; round <= faults.length + 1; round++) {
            if ((await engine.syncOnce()) === 'ok') break;
          }
          expect(await store.counts()).toEqual({ waiting: 0, rejected: refused.size });
          for (const e of store.outbox.values()) {
            expect(e.state).toBe(refused.has(e.id) ? 'rejected' : 'done');
            expect(ho.stored.has(e.id)).toBe(!refused.has(e.id));
          }
          expect(ho.stored.size).toBe(count - refused.size);
          expect(ho.firstArrival).toEqual([...ho.firstArrival].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('delivers again what head office lost to a restore: it holds every document, the till none waiting', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        async (count, batchSize, restoredTo, refusedSeqs) => {
          const store = enrolledOutbox(count);
          const refused = new Set(refusedSeqs.filter((s) => s <= count).map((s) => `d${s}`));
          const ho = new ScriptedHeadOffice([], refused);
          const engine = new SyncEngine({
            store,
            client: ho,
            collections: [],
            batchSize,
            checkHeldEveryMs: 0,
            random: () => 0,
            now: () => new Date(0),
          });
          expect(await engine.syncOnce()).toBe('ok');
          ho.restoreTo(restoredTo);
          expect(await engine.syncOnce()).toBe('ok');
          expect(await store.counts()).toEqual({ waiting: 0, rejected: refused.size });
          for (const e of store.outbox.values()) {
            expect(e.state).toBe(refused.has(e.id) ? 'rejected' : 'done');
            expect(ho.stored.has(e.id)).toBe(!refused.has(e.id));
          }
          expect(ho.stored.size).toBe(count - refused.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});
