// Property: whatever mix of network failures (before or after head office
// commits), refusals and batch sizes, once the network behaves the outbox ends
// empty, every document head office did not refuse is done at the till and
// held at head office, refused ones are parked, nothing is marked done that
// head office does not hold, and documents first reach head office in
// sequence order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncEngine } from './engine';
import { CREDS, FakeHeadOffice } from './fake-head-office';
import { MemorySyncStore } from './memory-store';

type Fault = 'none' | 'network' | 'after_commit';

/** Head office failing pushes as scripted and refusing `refused`. */
function headOffice(faults: Fault[], refused: Set<string>): FakeHeadOffice {
  const ho = new FakeHeadOffice();
  ho.failures = faults;
  ho.rejectIds = refused;
  return ho;
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
        fc.array(fc.constantFrom<Fault>('none', 'network', 'after_commit'), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        async (count, batchSize, faults, refusedSeqs) => {
          const store = enrolledOutbox(count);
          const refused = new Set(refusedSeqs.filter((s) => s <= count).map((s) => `d${s}`));
          const ho = headOffice([...faults], refused);
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
            expect(ho.received.has(e.id)).toBe(!refused.has(e.id));
          }
          expect(ho.received.size).toBe(count - refused.size);
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
          const ho = headOffice([], refused);
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
            expect(ho.received.has(e.id)).toBe(!refused.has(e.id));
          }
          expect(ho.received.size).toBe(count - refused.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});
