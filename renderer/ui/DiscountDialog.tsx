// A discount on the selected line or on the whole order, as a percentage or an amount.
// Whether it is allowed is the domain's call (through the store); a refusal keeps the
// dialog open with the reason.
import { useState, type FormEvent } from 'react';
import { parseDiscountText, type DiscountKind } from '../../domain';
import { DialogError, Modal } from './Modal';
import { errorPostedBy } from './store-error';
import { useTillContext } from './till-context';

export type DiscountTarget = { kind: 'line'; lineId: string; name: string } | { kind: 'order' };

export function DiscountDialog({ target, onClose }: { target: DiscountTarget; onClose(): void }) {
  const { store, config } = useTillContext();
  const [kind, setKind] = useState<DiscountKind>('percent');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const title = target.kind === 'line' ? 'Line discount' : 'Order discount';

  const apply = (remove: boolean): void => {
    let refused: string | null;
    try {
      const discount = remove ? null : parseDiscountText(kind, text, config.currency);
      refused = errorPostedBy(store, () => {
        if (target.kind === 'line') store.getState().setLineDiscount(target.lineId, discount);
        else store.getState().setOrderDiscount(discount);
      });
    } catch (err) {
      refused = err instanceof Error ? err.message : String(err);
    }
    if (refused) setError(refused);
    else onClose();
  };

  return (
    <Modal label={title} onClose={onClose}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          apply(false);
        }}
      >
        <h2>
          {title} {target.kind === 'line' ? `— ${target.name}` : '整单折扣'}
        </h2>
        <fieldset className="discount-kind">
          <legend>Discount type 折扣方式</legend>
          <label>
            <input
              type="radio"
              name="discount-kind"
              checked={kind === 'percent'}
              onChange={() => setKind('percent')}
            />
            Percent %
          </label>
          <label>
            <input
              type="radio"
              name="discount-kind"
              checked={kind === 'amount'}
              onChange={() => setKind('amount')}
            />
            Amount 金额
          </label>
        </fieldset>
        <label htmlFor="discount-input">
          {kind === 'percent' ? 'Percent off' : `Amount off (${config.currency})`}
        </label>
        <input
          id="discount-input"
          aria-label="Discount value"
          inputMode="decimal"
          autoFocus
          data-autofocus
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <DialogError message={error} />
        <div className="dialog-buttons">
          <button type="submit">Apply discount</button>
          <button type="button" onClick={() => apply(true)}>
            Remove discount
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
