// Contract of re-enrolment (HeadOfficeStorage.reissueEnrolmentCode and the
// refusals of enrol it brings), run on every engine with the rest of the
// contract (describeStorageContract): head office gives an existing terminal a
// new code, the old token stops at once, and only the till that is that
// terminal — or a till with nothing of another terminal — may enrol with it.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AT, saleDoc, terminalRow } from './contract-fixtures';
import type { EnrolInput, HeadOfficeStorage, StoreRow, TerminalRow } from './port';

const LATER = '2026-11-24T09:00:00.000Z';

export function describeReEnrolmentContract(
  name: string,
  makeStorage: () => Promise<HeadOfficeStorage>,
): void {
  describe(`HeadOfficeStorage contract: ${name}: re-enrolment`, () => {
    let storage: HeadOfficeStorage;
    let store: StoreRow;
    let t01: TerminalRow;
    let t02: TerminalRow;

    const enrol = (codeHash: string, tokenHash: string, terminalId?: string) => {
      const input: EnrolInput = { codeHash, tokenHash, deviceName: `dev-${tokenHash}`, at: LATER };
      return storage.enrol(terminalId === undefined ? input : { ...input, terminalId });
    };

    beforeEach(async () => {
      storage = await makeStorage();
      store = await storage.createStore({
        id: uuidv7(),
        code: 'S001',
        name: 'Main St',
        currency: 'CNY',
        createdAt: AT,
      });
      t01 = await storage.createTerminal(terminalRow(store.id, 'T01'), 'code-t01');
      t02 = await storage.createTerminal(terminalRow(store.id, 'T02'), 'code-t02');
      expect(await enrol('code-t01', 'tok-t01')).toMatchObject({ ok: true });
    });
    afterEach(async () => {
      await storage.close();
    });

    it('stops the old token at once; the new code enrols the same terminal, which the new token finds', async () => {
      expect(await storage.reissueEnrolmentCode(t01.id, 'code-t01-b')).toEqual({
        ...t01,
        deviceName: 'dev-tok-t01',
        enrolledAt: null,
        revokedAt: null,
      });
      expect(await storage.findByTokenHash('tok-t01')).toBeNull();
      const again = await enrol('code-t01-b', 'tok-t01-b', t01.id);
      expect(again).toEqual({
        ok: true,
        terminal: { ...t01, deviceName: 'dev-tok-t01-b', enrolledAt: LATER },
        store,
      });
      expect((await storage.findByTokenHash('tok-t01-b'))?.terminal.id).toBe(t01.id);
      expect(await storage.findByTokenHash('tok-t01')).toBeNull();
      // Codes still work once, and the one it replaced not at all.
      expect(await enrol('code-t01-b', 'tok-x', t01.id)).toEqual({ ok: false, reason: 'used' });
      expect(await enrol('code-t01', 'tok-y', t01.id)).toEqual({ ok: false, reason: 'unknown' });
      expect(await storage.listTerminals(store.id)).toHaveLength(2);
    });

    it('lifts a revocation only through the new code: the revoked token stays refused', async () => {
      await storage.revokeTerminal(t01.id, AT);
      expect((await storage.findByTokenHash('tok-t01'))?.terminal.revokedAt).toBe(AT);
      const reissued = await storage.reissueEnrolmentCode(t01.id, 'code-t01-b');
      expect(reissued?.revokedAt).toBeNull();
      expect(await storage.findByTokenHash('tok-t01')).toBeNull();
      expect(await enrol('code-t01', 'tok-y', t01.id)).toEqual({ ok: false, reason: 'unknown' });
      expect(await enrol('code-t01-b', 'tok-t01-b', t01.id)).toMatchObject({ ok: true });
      expect((await storage.findByTokenHash('tok-t01-b'))?.terminal).toMatchObject({
        id: t01.id,
        revokedAt: null,
        enrolledAt: LATER,
      });
    });

    it('replaces a code not yet used, and answers null for a terminal that does not exist', async () => {
      await storage.reissueEnrolmentCode(t02.id, 'code-t02-b');
      expect(await enrol('code-t02', 'tok-a')).toEqual({ ok: false, reason: 'unknown' });
      expect(await storage.reissueEnrolmentCode('no-such-terminal', 'code-z')).toBeNull();
      expect(await enrol('code-z', 'tok-z')).toEqual({ ok: false, reason: 'unknown' });
      // A terminal head office holds no document of takes a till that names none.
      expect(await enrol('code-t02-b', 'tok-b')).toMatchObject({
        ok: true,
        terminal: { id: t02.id },
      });
    });

    it("refuses another terminal's code to a till that names its own, and leaves the code usable", async () => {
      await storage.reissueEnrolmentCode(t02.id, 'code-t02-b');
      expect(await enrol('code-t02-b', 'tok-a', t01.id)).toEqual({
        ok: false,
        reason: 'other_terminal',
        codeFor: { storeCode: 'S001', terminalCode: 'T02' },
        till: { storeCode: 'S001', terminalCode: 'T01' },
      });
      expect(await enrol('code-t02-b', 'tok-b', 'a-terminal-of-another-head-office')).toEqual({
        ok: false,
        reason: 'other_terminal',
        codeFor: { storeCode: 'S001', terminalCode: 'T02' },
        till: null,
      });
      expect(await storage.findByTokenHash('tok-a')).toBeNull();
      expect((await storage.findByTokenHash('tok-t01'))?.terminal.id).toBe(t01.id);
      expect(await enrol('code-t02-b', 'tok-t02', t02.id)).toMatchObject({
        ok: true,
        terminal: { id: t02.id },
      });
    });

    it('refuses the code of a terminal with stored documents to a till that names none, naming how many, and leaves it usable', async () => {
      await storage.ingest(
        [1, 2, 3].map((n) => saleDoc(store.id, t01.id, n)),
        AT,
      );
      await storage.ingest([saleDoc(store.id, t02.id, 1)], AT);
      await storage.reissueEnrolmentCode(t01.id, 'code-t01-b');
      expect(await enrol('code-t01-b', 'tok-new-till')).toEqual({
        ok: false,
        reason: 'has_documents',
        codeFor: { storeCode: 'S001', terminalCode: 'T01' },
        documents: 3,
      });
      expect(await storage.findByTokenHash('tok-new-till')).toBeNull();
      expect(await enrol('code-t01-b', 'tok-t01-b', t01.id)).toMatchObject({ ok: true });
      expect(await storage.lastDocumentSequence(t01.id)).toBe(3);
    });

    it('answers unknown, revoked and used before whether the code is for the till', async () => {
      // used: T01's first code; revoked: T02's, once T02 is revoked.
      expect(await enrol('code-t01', 'tok-a', t02.id)).toEqual({ ok: false, reason: 'used' });
      await storage.ingest([saleDoc(store.id, t02.id, 1)], AT);
      await storage.revokeTerminal(t02.id, AT);
      const revoked = {
        ok: false,
        reason: 'revoked',
        codeFor: { storeCode: 'S001', terminalCode: 'T02' },
      };
      expect(await enrol('code-t02', 'tok-b', t01.id)).toEqual(revoked);
      expect(await enrol('code-t02', 'tok-c')).toEqual(revoked);
      expect(await enrol('no-such-code', 'tok-d', t01.id)).toEqual({
        ok: false,
        reason: 'unknown',
      });
    });

    it('lets exactly one of simultaneous enrolments with a reissued code win', async () => {
      await storage.reissueEnrolmentCode(t01.id, 'code-t01-b');
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd'].map((t) => enrol('code-t01-b', `tok-${t}`, t01.id)),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'used')).toHaveLength(3);
    });
  });
}
