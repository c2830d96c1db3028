// Attach a loyalty member (会员) to the sale: the cashier types the member number or phone
// number, or scans the member card into the field. The lookup and its rules are in the
// store (renderer/db/members.ts); an unknown number keeps the dialog open with the reason.
import { useState, type FormEvent } from 'react';
import { DialogError, Modal } from './Modal';
import { useTillContext } from './till-context';

export function MemberDialog({ onClose }: { onClose(): void }) {
  const { store } = useTillContext();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (looking) return;
    setLooking(true);
    const attached = await store.getState().attachMember(text);
    setLooking(false);
    if (attached) return onClose();
    setError(store.getState().message?.text ?? 'No such member');
  };

  return (
    <Modal label="Member" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2>Member 会员</h2>
        <label htmlFor="member-input">Member number or phone 会员号或手机号</label>
        <input
          id="member-input"
          aria-label="Member number or phone"
          autoFocus
          data-autofocus
          // A member card scanned here is typed into this field, not rung up as an item.
          data-scan-field
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        <DialogError message={error} />
        <div className="dialog-buttons">
          <button type="submit" disabled={looking}>
            Find member 查找
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
