// Two demo loyalty members (会员) for the demo till, so a newcomer can attach a member to
// a sale (by member number or phone) without a head office. Written like a pull writes
// them: customer rows plus their balances in loyaltyBalances.
import type { Customer, LoyaltyBalanceRow, TillDb } from './schema';

export interface DemoMember {
  customer: Pick<Customer, 'id' | 'name' | 'phone' | 'memberNo'>;
  /** Points balance, as if pulled from head office. */
  pointsBalance: number;
}

export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    customer: { id: 'demo-member-1', name: '张伟', phone: '138-0013-8000', memberNo: 'M000001' },
    pointsBalance: 1200,
  },
  {
    customer: { id: 'demo-member-2', name: '李娜', phone: '139 1234 5678', memberNo: 'M000002' },
    pointsBalance: 86,
  },
];

/**
 * Seed the demo members into an empty customers table; a till that already has customers
 * (pulled from head office) is left alone, so demo members never mix with real ones.
 * Returns how many were written.
 */
export async function seedDemoMembers(db: TillDb): Promise<number> {
  return db.transaction('rw', [db.customers, db.loyaltyBalances], async () => {
    if ((await db.customers.limit(1).primaryKeys()).length > 0) return 0;
    const customers: Customer[] = DEMO_MEMBERS.map((m) => ({ ...m.customer, pulledAt: null }));
    const balances: LoyaltyBalanceRow[] = DEMO_MEMBERS.map((m) => ({
      customerId: m.customer.id,
      pointsBalance: m.pointsBalance,
      pulledAt: null,
    }));
    await Promise.all([db.customers.bulkPut(customers), db.loyaltyBalances.bulkPut(balances)]);
    return customers.length;
  });
}
