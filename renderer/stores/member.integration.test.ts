// The cashier attaches a loyalty member (会员) to the sale being rung up: found by phone
// or member number, removable, kept while the sale is parked, written into the completed
// sale, and gone for the next customer.
import { describe, expect, it } from 'vitest';
import { DEMO_PRICING_SETTINGS } from '../db/demo-catalogue';
import { APPLES, COLA, freshDb, putMember, testDeps, ZHANG_CUSTOMER } from '../db/test-support';
import { createTillStore } from './till-store';

const ZHANG = ZHANG_CUSTOMER;

async function till() {
  const { db } = await freshDb();
  await db.products.bulkPut([COLA, APPLES]);
  await putMember(db, ZHANG, 1200);
  const store = createTillStore({
    db,
    cashierId: 'C01',
    settings: DEMO_PRICING_SETTINGS,
    currency: 'CNY',
    ...testDeps(),
  });
  return { db, s: () => store.getState() };
}

describe('loyalty member on the sale', () => {
  it('attaches the member a phone number names, with the balance last pulled', async () => {
    const { s } = await till();
    expect(await s().attachMember(' 138 0013 8000 ')).toBe(true);
    expect(s().member).toEqual({
      customerId: ZHANG.id,
      name: '张伟',
      memberNo: 'M000001',
      phone: '138-0013-8000',
      pointsBalance: 1200,
      balancePulledAt: '2026-11-23T08:00:00.000Z',
    });
    expect(s().message).toEqual({ kind: 'info', text: 'Member 张伟 attached to the sale' });
  });

  it('says so for an unknown number and keeps the member already attached', async () => {
    const { s } = await till();
    await s().attachMember('M000001');
    expect(await s().attachMember('13900000000')).toBe(false);
    expect(s().message).toEqual({
      kind: 'error',
      text: 'No member with number or phone 13900000000 — check the number, or ask head office to add the member',
    });
    expect(s().member?.customerId).toBe(ZHANG.id);
  });

  it('removes the member from the sale', async () => {
    const { s } = await till();
    await s().attachMember('M000001');
    s().removeMember();
    expect(s().member).toBeNull();
    expect(s().message?.text).toBe('Member removed from the sale');
  });

  it('completes the sale for the member, shows the points on the receipt, and clears the member', async () => {
    const { db, s } = await till();
    await s().attachMember('13800138000');
    await s().scanBarcode('6901234567892');
    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 10_000 });
    const sale = await s().complete();

    expect(sale?.customerId).toBe(ZHANG.id);
    expect((await db.sales.get(sale?.id ?? ''))?.customerId).toBe(ZHANG.id);
    // ¥7.00 earns 7 points on top of the 1,200 last pulled.
    expect(s().lastSaleLoyalty).toEqual({
      memberName: '张伟',
      pointsEarned: 7,
      pointsRedeemed: 0,
      pointsBalance: 1207,
    });
    expect(s().member).toBeNull();

    await s().scanBarcode('6901234567892');
    s().addTender({ kind: 'cash', amountMinor: 10_000 });
    const next = await s().complete();
    expect(next && 'customerId' in next).toBe(false);
    expect(s().lastSaleLoyalty).toBeNull();
  });

  it('keeps the member with a parked sale and brings them back, with the balance pulled since', async () => {
    const { db, s } = await till();
    await s().scanBarcode('6901234567892');
    await s().attachMember('M000001');
    await s().park();
    expect(s().member).toBeNull();

    await db.loyaltyBalances.put({ customerId: ZHANG.id, pointsBalance: 1300, pulledAt: 'later' });
    await s().resume(s().parked[0]?.id ?? '');
    expect(s().member).toMatchObject({
      customerId: ZHANG.id,
      pointsBalance: 1300,
      balancePulledAt: 'later',
    });
    s().addTender({ kind: 'cash', amountMinor: 350 });
    const sale = await s().complete();
    expect(sale?.customerId).toBe(ZHANG.id);
    expect(s().lastSaleLoyalty).toMatchObject({ pointsEarned: 3, pointsBalance: 1303 });
  });

  it('starts the next sale without a member when the cashier clears the sale', async () => {
    const { s } = await till();
    await s().scanBarcode('6901234567892');
    await s().attachMember('M000001');
    s().clearSale();
    expect(s().member).toBeNull();
  });
});
