// Contract of HeadOfficeStorage.updateStore, run on every engine with the rest
// of the contract (describeStorageContract): an operator may rename a store at
// any time, and correct its currency only while head office stores no document
// of it.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AT, saleDoc, terminalRow } from './contract-fixtures';
import type { HeadOfficeStorage, StoreRow, TerminalRow } from './port';

export function describeStoreCorrectionsContract(
  name: string,
  makeStorage: () => Promise<HeadOfficeStorage>,
): void {
  describe(`HeadOfficeStorage contract: ${name}: store corrections`, () => {
    let storage: HeadOfficeStorage;
    let main: StoreRow;
    let east: StoreRow;
    let till: TerminalRow;
    let eastTill: TerminalRow;

    const store = (code: string, currency: StoreRow['currency']): StoreRow => ({
      id: uuidv7(),
      code,
      name: `Store ${code}`,
      currency,
      createdAt: AT,
    });

    beforeEach(async () => {
      storage = await makeStorage();
      main = await storage.createStore(store('S001', 'HKD'));
      east = await storage.createStore(store('S002', 'HKD'));
      till = await storage.createTerminal(terminalRow(main.id, 'T01'), 'code-hash-main');
      eastTill = await storage.createTerminal(terminalRow(east.id, 'T01'), 'code-hash-east');
    });
    afterEach(async () => {
      await storage.close();
    });

    it('renames a store, with or without documents, keeping its code and currency', async () => {
      expect(await storage.updateStore(main.id, { name: 'Main Street' })).toEqual({
        ok: true,
        store: { ...main, name: 'Main Street' },
      });
      await storage.ingest([saleDoc(main.id, till.id, 1)], AT);
      expect(await storage.updateStore(main.id, { name: '主街店' })).toEqual({
        ok: true,
        store: { ...main, name: '主街店' },
      });
      expect(await storage.getStore(main.id)).toEqual({ ...main, name: '主街店' });
    });

    it('corrects the currency of a store that has no documents, as its tokens then see it', async () => {
      await storage.enrol({
        codeHash: 'code-hash-main',
        tokenHash: 'tok',
        deviceName: 'd',
        at: AT,
      });
      expect(await storage.updateStore(main.id, { currency: 'CNY', name: 'Main' })).toEqual({
        ok: true,
        store: { ...main, currency: 'CNY', name: 'Main' },
      });
      expect(await storage.getStoreByCode('S001')).toEqual({
        ...main,
        currency: 'CNY',
        name: 'Main',
      });
      expect((await storage.findByTokenHash('tok'))?.store.currency).toBe('CNY');
    });

    it('refuses to change the currency once a document of the store is stored, naming how many, and changes nothing', async () => {
      await storage.ingest(
        [1, 2, 3].map((n) => saleDoc(main.id, till.id, n)),
        AT,
      );
      expect(await storage.updateStore(main.id, { currency: 'CNY', name: 'Renamed' })).toEqual({
        ok: false,
        reason: 'has_documents',
        documents: 3,
      });
      expect(await storage.getStore(main.id)).toEqual(main);
    });

    it('takes the currency the store already has as no change, documents or not', async () => {
      await storage.ingest([saleDoc(main.id, till.id, 1)], AT);
      expect(await storage.updateStore(main.id, { currency: 'HKD', name: 'Main' })).toEqual({
        ok: true,
        store: { ...main, name: 'Main' },
      });
    });

    it('answers not_found for an unknown store id, a store code included', async () => {
      expect(await storage.updateStore('no-such-store', { name: 'X' })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      // The port takes ids; codes are resolved by the caller (admin-service.ts).
      expect(await storage.updateStore('S001', { currency: 'CNY' })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await storage.listStores()).toEqual([main, east]);
    });

    it("counts only the store's own documents and leaves other stores untouched", async () => {
      await storage.ingest(
        [1, 2].map((n) => saleDoc(east.id, eastTill.id, n)),
        AT,
      );
      expect(await storage.updateStore(main.id, { currency: 'CNY' })).toMatchObject({ ok: true });
      expect(await storage.updateStore(east.id, { currency: 'CNY' })).toEqual({
        ok: false,
        reason: 'has_documents',
        documents: 2,
      });
      expect(await storage.listStores()).toEqual([{ ...main, currency: 'CNY' }, east]);
    });
  });
}
