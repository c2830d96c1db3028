// The loyalty member the sale is for: name, member number and the points balance as the
// till knows it (memberBalance; this sale's points are added on the receipt). Nothing shows
// while the sale is for nobody in particular.
import { memo } from 'react';
import { useTill, useTillContext } from './till-context';

export const MemberPanel = memo(function MemberPanel() {
  const { store } = useTillContext();
  const member = useTill((s) => s.member);
  if (member === null) return null;
  return (
    <section className="member-panel" aria-label="Member">
      <div>
        <span className="member-label">会员 Member</span>{' '}
        <strong aria-label="Member name">{member.name}</strong>
        {member.memberNo ? <span className="member-no"> · {member.memberNo}</span> : null}
      </div>
      <div>
        积分 Points <span aria-label="Points balance">{member.pointsBalance}</span>{' '}
        <span className="member-as-of">(as of last sync 截至上次同步)</span>
      </div>
      <button type="button" onClick={() => store.getState().removeMember()}>
        Remove member 移除会员
      </button>
    </section>
  );
});
