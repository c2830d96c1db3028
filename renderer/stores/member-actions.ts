// The till store's loyalty member actions: find the member a typed or scanned number
// names and attach them to the sale, remove them, and bring a parked sale's member back
// with their current balance. Like barcode-scans.ts, it reads and changes the store only
// through the callbacks the store hands it; the lookup rules are in renderer/db/members.ts
// and domain/member.ts.
import { findMember, memberBalance, memberLookupProblem } from '../db/members';
import type { AttachedMember, TillDb } from '../db/schema';
import type { CashierMessage } from './till-store';

export interface MemberActionDeps {
  db: TillDb;
  /** True while a sale is being saved: the member cannot change then. */
  isBusy(): boolean;
  /** The member attached now. */
  current(): AttachedMember | null;
  /** Attach (or with null remove) the member, telling the cashier `message`. */
  setMember(member: AttachedMember | null, message: CashierMessage): void;
  tell(message: CashierMessage): void;
  error(e: unknown): void;
}

export interface MemberActions {
  attachMember(text: string): Promise<boolean>;
  removeMember(): void;
  /** The member as parked, with the balance pulled since. */
  withCurrentBalance(member: AttachedMember): Promise<AttachedMember>;
}

const SAVING: CashierMessage = { kind: 'info', text: 'Saving the sale — one moment' };

export function createMemberActions(deps: MemberActionDeps): MemberActions {
  return {
    async attachMember(text) {
      if (deps.isBusy()) {
        deps.tell(SAVING);
        return false;
      }
      try {
        const lookup = await findMember(deps.db, text);
        if (lookup.kind !== 'found') {
          deps.tell({ kind: 'error', text: memberLookupProblem(lookup) ?? 'No such member' });
          return false;
        }
        deps.setMember(lookup.member, {
          kind: 'info',
          text: `Member ${lookup.member.name} attached to the sale`,
        });
        return true;
      } catch (e) {
        deps.error(e);
        return false;
      }
    },

    removeMember() {
      if (deps.current() === null) return;
      if (deps.isBusy()) return deps.tell(SAVING);
      deps.setMember(null, { kind: 'info', text: 'Member removed from the sale' });
    },

    async withCurrentBalance(member) {
      const balance = await memberBalance(deps.db, member.customerId);
      return { ...member, pointsBalance: balance.pointsBalance, balancePulledAt: balance.pulledAt };
    },
  };
}
