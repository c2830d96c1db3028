// The one contract every HeadOfficeStorage engine passes. Run by
// sqlite-storage.test.ts and pg-storage.integration.test.ts; store corrections
// are in store-corrections.contract.ts, re-enrolment in re-enrolment.contract.ts.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  fixtureProduct,
  fixtureSale,
  FIXTURE_TAX_RATES,
  saleDocument,
} from '../../protocol/testing/sale-fixtures';
import { toIngestDocument } from '../effects';
import { AT, saleDoc, terminalRow, typed } from './contract-fixtures';
import {
  AlreadyExistsError,
  CheckpointAheadError,
  NotFoundError,
  type HeadOfficeStorage,
  type IngestDocument,
  type TerminalRow,
} from './port';
import { IMPORT_CHUNK } from './shared';
import { describeReEnrolmentContract } from './re-enrolment.contract';
import { describeStoreCorrectionsContract } from './store-corrections.contract';

export function describeStorageContract(
  name: string,
  makeStorage: () => Promise<HeadOfficeStorage>,
): void {
  describe(`HeadOfficeStorage contract: ${name}`, () => {
    let storage: HeadOfficeStorage;
    let storeId: string;
    let terminal: TerminalRow;

    beforeEach(async () => {
      storage = await makeStorage();
      storeId = (
        await storage.createStore({
          id: uuidv7(),
          code: 'S001',
          name: 'Main St',
          currency: 'CNY',
          createdAt: AT,
        })
      ).id;
      terminal = await storage.createTerminal(terminalRow(storeId, 'T01'), 'code-hash-1');
    });
    afterEach(async () => {
      await storage.close();
    });

    describe('stores and terminals', () => {
      it('refuses a second store with the same code', async () => {
        await expect(
          storage.createStore({
            id: uuidv7(),
            code: 'S001',
            name: 'Other',
            currency: 'CNY',
            createdAt: AT,
          }),
        ).rejects.toBeInstanceOf(AlreadyExistsError);
        expect((await storage.getStoreByCode('S001'))?.id).toBe(storeId);
        expect(await storage.listStores()).toHaveLength(1);
      });

      it('refuses a terminal for a missing store or with a code the store uses', async () => {
        await expect(
          storage.createTerminal(terminalRow('nope', 'T09'), 'h-x'),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          storage.createTerminal(terminalRow(storeId, 'T01'), 'h-y'),
        ).rejects.toBeInstanceOf(AlreadyExistsError);
        const other = await storage.createStore({
          id: uuidv7(),
          code: 'S002',
          name: 'B',
          currency: 'CNY',
          createdAt: AT,
        });
        await storage.createTerminal(terminalRow(other.id, 'T01'), 'h-z');
        expect((await storage.listTerminals()).map((t) => t.code)).toEqual(['T01', 'T01']);
        expect(await storage.listTerminals(storeId)).toHaveLength(1);
      });
    });

    describe('enrolment', () => {
      it('consumes a code once and finds the terminal by its token hash', async () => {
        expect(
          await storage.enrol({ codeHash: 'nope', tokenHash: 't0', deviceName: 'd', at: AT }),
        ).toEqual({ ok: false, reason: 'unknown' });
        const first = await storage.enrol({
          codeHash: 'code-hash-1',
          tokenHash: 'tok-1',
          deviceName: 'Front',
          at: AT,
        });
        expect(first.ok && first.terminal.id === terminal.id && first.store.code === 'S001').toBe(
          true,
        );
        expect(
          await storage.enrol({
            codeHash: 'code-hash-1',
            tokenHash: 'tok-2',
            deviceName: 'x',
            at: AT,
          }),
        ).toEqual({ ok: false, reason: 'used' });
        const found = await storage.findByTokenHash('tok-1');
        expect(found?.terminal).toMatchObject({
          id: terminal.id,
          deviceName: 'Front',
          enrolledAt: AT,
          revokedAt: null,
        });
        expect(found?.store.id).toBe(storeId);
        expect(await storage.findByTokenHash('tok-2')).toBeNull();
      });

      it('lets exactly one of two simultaneous enrolments with one code win', async () => {
        const outcomes = await Promise.all(
          ['a', 'b', 'c'].map((t) =>
            storage.enrol({
              codeHash: 'code-hash-1',
              tokenHash: `tok-${t}`,
              deviceName: t,
              at: AT,
            }),
          ),
        );
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      });

      it('keeps the first revocation time and refuses the code of a revoked terminal', async () => {
        expect(await storage.revokeTerminal('missing', AT)).toBeNull();
        expect((await storage.revokeTerminal(terminal.id, AT))?.revokedAt).toBe(AT);
        expect(
          (await storage.revokeTerminal(terminal.id, '2027-01-01T00:00:00.000Z'))?.revokedAt,
        ).toBe(AT);
        expect(
          await storage.enrol({ codeHash: 'code-hash-1', tokenHash: 't', deviceName: 'd', at: AT }),
        ).toEqual({
          ok: false,
          reason: 'revoked',
          codeFor: { storeCode: 'S001', terminalCode: 'T01' },
        });
      });
    });

    describe('ingest', () => {
      it('accepts once, answers a retry as duplicate and applies effects once', async () => {
        const doc = saleDoc(storeId, terminal.id, 1);
        expect(await storage.ingest([doc], AT)).toEqual([{ id: doc.id, status: 'accepted' }]);
        expect(await storage.ingest([doc], AT)).toEqual([{ id: doc.id, status: 'duplicate' }]);
        expect(await storage.countDocuments()).toBe(1);
        const totals = await storage.saleTotals(storeId);
        expect(totals).toHaveLength(1);
        expect(totals[0]).toMatchObject({
          terminalId: terminal.id,
          day: '2026-11-23',
          salesCount: 1,
        });
        expect(totals[0]?.salesTotalMinor).toBe(doc.effects.totals?.salesTotalMinor);
        for (const s of doc.effects.stock) {
          const all = doc.effects.stock
            .filter((x) => x.productId === s.productId)
            .reduce((a, x) => a + x.delta, 0);
          expect(await storage.stockQuantity(storeId, s.productId)).toBe(all);
        }
      });

      it('says the highest sequence it holds of each terminal, whatever order they came in', async () => {
        const other = await storage.createTerminal(terminalRow(storeId, 'T02'), 'code-hash-2');
        expect(await storage.lastDocumentSequence(terminal.id)).toBeNull();
        // Out of order (a refused document sent again later), and a refused one not stored.
        await storage.ingest(
          [saleDoc(storeId, terminal.id, 2), saleDoc(storeId, terminal.id, 7)],
          AT,
        );
        await storage.ingest([saleDoc(storeId, terminal.id, 5)], AT);
        await storage.ingest([saleDoc(storeId, other.id, 40)], AT);
        expect(await storage.lastDocumentSequence(terminal.id)).toBe(7);
        expect(await storage.lastDocumentSequence(other.id)).toBe(40);
        expect(await storage.lastDocumentSequence('no-such-terminal')).toBeNull();
      });

      it('never overwrites: same id with other content is a conflict, same sequence with another id a sequence conflict', async () => {
        const doc = saleDoc(storeId, terminal.id, 1);
        await storage.ingest([doc], AT);
        const altered = { ...doc, contentHash: 'f'.repeat(64), json: '{"altered":true}' };
        expect(await storage.ingest([altered], AT)).toEqual([{ id: doc.id, status: 'conflict' }]);
        const other = saleDoc(storeId, terminal.id, 1);
        expect(await storage.ingest([other], AT)).toEqual([
          { id: other.id, status: 'sequence_conflict', storedId: doc.id },
        ]);
        expect(await storage.getDocument(doc.id)).toBe(doc.json);
        expect(await storage.getDocument(other.id)).toBeNull();
        expect((await storage.saleTotals())[0]?.salesCount).toBe(1);
      });

      it('classifies repeats inside one batch and applies each accepted document once', async () => {
        const a = saleDoc(storeId, terminal.id, 1);
        const b = saleDoc(storeId, terminal.id, 2);
        const bAltered = { ...b, contentHash: 'e'.repeat(64) };
        const c = saleDoc(storeId, terminal.id, 2);
        const outcomes = await storage.ingest([a, a, b, bAltered, c], AT);
        expect(outcomes.map((o) => o.status)).toEqual([
          'accepted',
          'duplicate',
          'accepted',
          'conflict',
          'sequence_conflict',
        ]);
        expect(await storage.countDocuments()).toBe(2);
        expect((await storage.saleTotals())[0]?.salesCount).toBe(2);
      });

      it('classifies a batch of hundreds, with repeats far apart in it, as it does a small one', async () => {
        // Longer than one INSERT statement of an engine that writes in chunks (PostgreSQL: 100 rows).
        const docs = Array.from({ length: 230 }, (_, i) => saleDoc(storeId, terminal.id, i + 1));
        const early = docs[3]!;
        const late = docs[130]!;
        const lateAltered = { ...late, contentHash: 'd'.repeat(64) };
        const batch = [...docs.slice(0, 120), early, ...docs.slice(120), lateAltered];
        const statuses = (await storage.ingest(batch, AT)).map((o) => o.status);
        expect(statuses).toEqual([
          ...Array<string>(120).fill('accepted'),
          'duplicate',
          ...Array<string>(110).fill('accepted'),
          'conflict',
        ]);
        expect(await storage.countDocuments()).toBe(230);
        expect((await storage.saleTotals())[0]?.salesCount).toBe(230);
        expect(await storage.getDocument(late.id)).toBe(late.json);
      });

      it('stores each document exactly once when the same batch arrives twice at the same moment', async () => {
        const batch = Array.from({ length: 40 }, (_, i) => saleDoc(storeId, terminal.id, i + 1));
        const [x, y] = await Promise.all([storage.ingest(batch, AT), storage.ingest(batch, AT)]);
        const accepted = [...(x ?? []), ...(y ?? [])].filter((o) => o.status === 'accepted').length;
        const duplicate = [...(x ?? []), ...(y ?? [])].filter(
          (o) => o.status === 'duplicate',
        ).length;
        expect([accepted, duplicate]).toEqual([40, 40]);
        expect(await storage.countDocuments()).toBe(40);
        expect((await storage.saleTotals())[0]?.salesCount).toBe(40);
      });
    });

    describe('pull', () => {
      const products = Array.from({ length: 25 }, (_, i) => fixtureProduct(i + 1));
      // The fixture sales pick their lines from these 50 products.
      const shelf = Array.from({ length: 50 }, (_, i) => fixtureProduct(i + 1));

      it('pages a collection by change sequence and reports more until the end', async () => {
        await storage.importCatalogue({
          taxRates: FIXTURE_TAX_RATES,
          products,
          stock: [],
          deleteProductIds: [],
        });
        const keys: string[] = [];
        let after = 0;
        let pages = 0;
        for (;;) {
          const page = await storage.pull('products', storeId, after, 10);
          pages++;
          keys.push(...page.changes.map((c) => c.key));
          const seqs = page.changes.map((c) => c.seq);
          expect(seqs).toEqual([...seqs].sort((m, n) => m - n));
          expect(seqs.every((s) => s > after)).toBe(true);
          if (page.changes.length > 0) expect(page.checkpoint).toBe(seqs[seqs.length - 1]);
          after = page.checkpoint;
          if (!page.more) break;
        }
        expect(pages).toBe(3);
        expect(keys).toEqual(products.map((p) => p.id));
        const empty = await storage.pull('products', storeId, after, 10);
        expect(empty).toEqual({ changes: [], checkpoint: after, more: false });
        const first = await storage.pull('products', storeId, 0, 1);
        expect(JSON.parse(first.changes[0]?.valueJson ?? 'null')).toEqual(products[0]);
        expect((await storage.pull('prices', storeId, 0, 100)).changes).toHaveLength(25);
        expect((await storage.pull('taxRates', storeId, 0, 100)).changes.map((c) => c.key)).toEqual(
          ['vat13', 'vat9'],
        );
      });

      it('writes an import of several chunks whole, in order, and lets a push in between chunks', async () => {
        const many = Array.from({ length: IMPORT_CHUNK + 1000 }, (_, i) => fixtureProduct(i + 1));
        const stock = many.map((p) => ({ storeCode: 'S001', productId: p.id, quantity: 7 }));
        const order: string[] = [];
        const importing = storage
          .importCatalogue({ taxRates: [], products: many, stock, deleteProductIds: [] })
          .then(() => order.push('import'));
        // Once the import is writing (its first chunk is visible), a push gets in
        // before it ends: 2 × 6,000 catalogue rows and 6,000 stock rows are four chunks.
        while ((await storage.pull('products', storeId, 0, 1)).changes.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await storage.ingest([saleDoc(storeId, terminal.id, 1)], AT);
        order.push('push');
        await importing;
        expect(order).toEqual(['push', 'import']);
        const page = await storage.pull('products', storeId, 0, 5000);
        const rest = await storage.pull('products', storeId, page.checkpoint, 5000);
        expect([...page.changes, ...rest.changes].map((c) => c.key)).toEqual(many.map((p) => p.id));
        expect(rest.more).toBe(false);
        const stockPage = await storage.pull('stock', storeId, 0, 5000);
        expect(stockPage.changes).toHaveLength(5000);
        expect(stockPage.more).toBe(true);
      }, 60_000);

      it('moves a re-imported product past the checkpoint and sends a delete as a tombstone', async () => {
        await storage.importCatalogue({ taxRates: [], products, stock: [], deleteProductIds: [] });
        const { checkpoint } = await storage.pull('products', storeId, 0, 1000);
        const changed = { ...products[4]!, priceMinor: 999 };
        await storage.importCatalogue({
          taxRates: [],
          products: [changed],
          stock: [],
          deleteProductIds: [products[7]!.id],
        });
        const page = await storage.pull('products', storeId, checkpoint, 1000);
        expect(page.changes.map((c) => [c.key, c.deleted])).toEqual([
          [changed.id, false],
          [products[7]!.id, true],
        ]);
        expect(page.changes[1]?.valueJson).toBeNull();
        expect(JSON.parse(page.changes[0]?.valueJson ?? 'null').priceMinor).toBe(999);
        expect((await storage.pull('products', storeId, 0, 1000)).changes).toHaveLength(25);
      });

      it('scopes stock to the store and moves it with every sale', async () => {
        const other = await storage.createStore({
          id: uuidv7(),
          code: 'S002',
          name: 'B',
          currency: 'CNY',
          createdAt: AT,
        });
        await storage.importCatalogue({
          taxRates: [],
          products: [],
          stock: shelf
            .map((p) => ({ storeCode: 'S001', productId: p.id, quantity: 100 }))
            .concat([{ storeCode: 'S002', productId: 'P000001', quantity: 7 }]),
          deleteProductIds: [],
        });
        const before = await storage.pull('stock', storeId, 0, 1000);
        expect(before.changes).toHaveLength(50);
        expect(
          (await storage.pull('stock', other.id, 0, 1000)).changes.map((c) => c.valueJson),
        ).toEqual([JSON.stringify({ productId: 'P000001', quantity: 7 })]);
        const doc = saleDoc(storeId, terminal.id, 3);
        await storage.ingest([doc], AT);
        const after = await storage.pull('stock', storeId, before.checkpoint, 1000);
        const touched = new Set(doc.effects.stock.map((s) => s.productId));
        expect(new Set(after.changes.map((c) => c.key))).toEqual(touched);
        for (const c of after.changes) {
          const sold = doc.effects.stock
            .filter((s) => s.productId === c.key)
            .reduce((a, s) => a - s.delta, 0);
          expect(JSON.parse(c.valueJson ?? 'null')).toEqual({
            productId: c.key,
            quantity: 100 - sold,
          });
        }
      });

      it("adds a member's points to the balance once, in the sale's transaction", async () => {
        const memberSale = (sequence: number, customerId: string): IngestDocument => {
          const sale = {
            ...fixtureSale({ storeId, terminalId: terminal.id, sequence }),
            customerId,
          };
          return toIngestDocument(typed(saleDocument(sale)));
        };
        const balances = async (after: number) =>
          (await storage.pull('loyalty', storeId, after, 100)).changes.map((c) => ({
            key: c.key,
            value: JSON.parse(c.valueJson ?? 'null') as unknown,
          }));
        await storage.writeRecords('loyalty', [
          { key: 'C1', value: { customerId: 'C1', pointsBalance: 120 } },
          { key: 'C3', value: { customerId: 'C3', pointsBalance: 50 } },
        ]);
        await storage.writeRecords('loyalty', [{ key: 'C3', value: null }]);
        const { checkpoint } = await storage.pull('loyalty', storeId, 0, 100);
        const a = memberSale(1, 'C1');
        const b = memberSale(2, 'C1');
        const c = memberSale(3, 'C2');
        const d = memberSale(4, 'C3');
        const points = (x: IngestDocument) => x.effects.loyalty?.points ?? 0;
        expect(points(a)).toBeGreaterThan(0);
        await storage.ingest([a, c, d], AT);
        // The same documents again (a retry), and one new: only the new one adds.
        await storage.ingest([a, c, d, b], AT);
        const after = await balances(checkpoint);
        expect(after).toEqual(
          expect.arrayContaining([
            { key: 'C1', value: { customerId: 'C1', pointsBalance: 120 + points(a) + points(b) } },
            // A member head office has no balance for starts from 0,
            { key: 'C2', value: { customerId: 'C2', pointsBalance: points(c) } },
            // and so does one whose balance was deleted.
            { key: 'C3', value: { customerId: 'C3', pointsBalance: points(d) } },
          ]),
        );
        expect(after).toHaveLength(3);
        // Each change moved past the checkpoint the till had: it pulls the new balances.
        const sale = await storage.pull('loyalty', storeId, checkpoint, 100);
        expect(sale.changes.every((ch) => ch.seq > checkpoint && !ch.deleted)).toBe(true);
      });

      it("refuses a pull from a checkpoint past head office's latest change (a restored database)", async () => {
        await storage.importCatalogue({ taxRates: [], products, stock: [], deleteProductIds: [] });
        const { checkpoint } = await storage.pull('products', storeId, 0, 1000);
        expect(await storage.pull('products', storeId, checkpoint, 10)).toEqual({
          changes: [],
          checkpoint,
          more: false,
        });
        // Store-scoped and other collections alike: the counter is shared.
        expect((await storage.pull('stock', storeId, checkpoint, 10)).changes).toEqual([]);
        // The products' checkpoint is 49 (a price was numbered last, 50): 50 is no further
        // than head office got, 1,000 more is.
        expect((await storage.pull('products', storeId, checkpoint + 1, 10)).changes).toEqual([]);
        await expect(
          storage.pull('products', storeId, checkpoint + 1000, 10),
        ).rejects.toMatchObject({
          name: 'CheckpointAheadError',
          after: checkpoint + 1000,
          latest: checkpoint + 1,
        });
        await expect(storage.pull('stock', storeId, checkpoint + 500, 10)).rejects.toBeInstanceOf(
          CheckpointAheadError,
        );
      });

      it('refuses a stock import for an unknown store before writing anything', async () => {
        await expect(
          storage.importCatalogue({
            taxRates: [],
            products,
            stock: [{ storeCode: 'S999', productId: 'P000001', quantity: 1 }],
            deleteProductIds: [],
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect((await storage.pull('products', storeId, 0, 10)).changes).toEqual([]);
      });

      it('hands out store-scoped records only to their store', async () => {
        const other = await storage.createStore({
          id: uuidv7(),
          code: 'S002',
          name: 'B',
          currency: 'CNY',
          createdAt: AT,
        });
        await storage.writeRecords('users', [
          { key: 'U1', value: { id: 'U1', name: 'Li', role: 'cashier', active: true } },
          {
            key: 'U2',
            value: { id: 'U2', name: 'Wang', role: 'manager', active: true },
            scope: other.id,
          },
        ]);
        await storage.writeRecords('users', [{ key: 'U1', value: null }]);
        const mine = await storage.pull('users', storeId, 0, 100);
        expect(mine.changes.map((c) => [c.key, c.deleted])).toEqual([['U1', true]]);
        const theirs = await storage.pull('users', other.id, 0, 100);
        expect(theirs.changes.map((c) => c.key)).toEqual(['U2', 'U1']);
      });
    });
  });
  describeStoreCorrectionsContract(name, makeStorage);
  describeReEnrolmentContract(name, makeStorage);
}
