import { describe, expect, it } from 'vitest';
import { HostCallError } from '../../hardware/contract/till-host';
import { verifyAuditChain } from '../db/audit';
import { freshDb, testDeps } from '../db/test-support';
import {
  NO_SALE_AUDIT,
  NO_SALE_FAILED_AUDIT,
  openDrawerForSale,
  openDrawerNoSale,
  saleTakesCash,
} from './cash-drawer';
import { createFakeTillHost } from './fake-till-host';

const cashSale = {
  id: 'sale-1',
  cashierId: 'C01',
  tenders: [{ kind: 'cash' as const, amountMinor: 5000 }],
};
const cardSale = {
  id: 'sale-2',
  cashierId: 'C01',
  tenders: [{ kind: 'card' as const, amountMinor: 5000, reference: 'AUTH1' }],
};

async function setup() {
  const { db } = await freshDb();
  const host = createFakeTillHost(() => '2026-11-23T10:00:00.000Z');
  return { db, host, deps: { db, host, now: testDeps().now } };
}

describe('cash drawer', () => {
  it('opens for a sale paid (partly) in cash, naming the sale and the cashier', async () => {
    const { deps, host } = await setup();
    const outcome = await openDrawerForSale(deps, cashSale);
    expect(outcome).toMatchObject({ ok: true, printerId: 'receipt' });
    expect(host.callsOf('drawerOpen')).toEqual([
      { reason: 'cash_tender', userId: 'C01', saleId: 'sale-1', printerId: null },
    ]);
  });

  it('stays shut for a card-only sale', async () => {
    const { deps, host } = await setup();
    expect(await openDrawerForSale(deps, cardSale)).toBeNull();
    expect(saleTakesCash(cardSale)).toBe(false);
    expect(host.callsOf('drawerOpen')).toEqual([]);
  });

  it("tells the cashier the host's reason when the drawer cannot open", async () => {
    const { deps, host } = await setup();
    host.services.override('drawerOpen', async () => {
      throw new HostCallError('printer_offline', 'Printer offline — check the cable and power');
    });
    const outcome = await openDrawerForSale(deps, cashSale);
    expect(outcome).toEqual({
      ok: false,
      code: 'printer_offline',
      message: 'Cash drawer did not open — Printer offline — check the cable and power',
    });
  });

  it('records a no-sale in the audit chain before the drawer opens', async () => {
    const { deps, host, db } = await setup();
    let auditedBeforeOpen = false;
    host.services.override('drawerOpen', async (args) => {
      auditedBeforeOpen = (await db.audit.count()) === 1;
      return { printerId: args.printerId ?? 'receipt', openedAt: '2026-11-23T10:00:05.000Z' };
    });
    const outcome = await openDrawerNoSale(deps, 'C01');
    expect(outcome.ok).toBe(true);
    expect(auditedBeforeOpen).toBe(true);
    expect(host.callsOf('drawerOpen')).toEqual([
      { reason: 'no_sale', userId: 'C01', saleId: null, printerId: null },
    ]);
    const entries = await db.audit.toArray();
    expect(entries.map((e) => [e.type, e.actorId])).toEqual([[NO_SALE_AUDIT, 'C01']]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
  });

  it('audits a failed no-sale as well, and says why it failed', async () => {
    const { deps, host, db } = await setup();
    host.services.override('drawerOpen', async () => {
      throw new HostCallError('not_configured', 'No cash drawer is wired to printer "receipt"');
    });
    const outcome = await openDrawerNoSale(deps, 'C01');
    expect(outcome).toMatchObject({ ok: false, code: 'not_configured' });
    expect(outcome.ok ? '' : outcome.message).toContain('No cash drawer is wired');
    const types = (await db.audit.toArray()).map((e) => e.type);
    expect(types).toEqual([NO_SALE_AUDIT, NO_SALE_FAILED_AUDIT]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 2 });
  });

  it('keeps the drawer shut when the no-sale cannot be audited', async () => {
    const { deps, host, db } = await setup();
    db.close();
    const outcome = await openDrawerNoSale(deps, 'C01');
    expect(outcome).toMatchObject({ ok: false, code: 'audit_failed' });
    expect(host.callsOf('drawerOpen')).toEqual([]);
  });
});
