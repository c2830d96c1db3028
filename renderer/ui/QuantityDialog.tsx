// Change a line's quantity, or give the weight of a weighed item picked from search.
// Parsing and limits are domain parseQuantity (through the store); a refused quantity
// keeps the dialog open with the reason.
import { useState, type FormEvent } from 'react';
import type { Product } from '../../domain';
import { DialogError, Modal } from './Modal';
import { errorPostedBy } from './store-error';
import { useTillContext } from './till-context';

export type QuantityTarget =
  | { kind: 'line'; lineId: string; name: string; unit: 'each' | 'kg' }
  | { kind: 'weigh'; product: Product };

export function QuantityDialog({ target, onClose }: { target: QuantityTarget; onClose(): void }) {
  const { store } = useTillContext();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const unit = target.kind === 'line' ? target.unit : target.product.unit;
  const name = target.kind === 'line' ? target.name : target.product.name;
  const label = unit === 'kg' ? 'Weight in kg 重量(千克)' : 'Quantity 数量';

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const refused = errorPostedBy(store, () => {
      if (target.kind === 'line') store.getState().setQuantityText(target.lineId, text);
      else store.getState().addProduct(target.product, text);
    });
    if (refused) setError(refused);
    else onClose();
  };

  return (
    <Modal label={unit === 'kg' ? 'Weight' : 'Change quantity'} onClose={onClose}>
      <form onSubmit={submit}>
        <h2>{name}</h2>
        <label htmlFor="quantity-input">{label}</label>
        <input
          id="quantity-input"
          aria-label={unit === 'kg' ? 'Weight in kg' : 'Quantity'}
          inputMode="decimal"
          autoFocus
          data-autofocus
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <DialogError message={error} />
        <div className="dialog-buttons">
          <button type="submit">{target.kind === 'line' ? 'Set quantity' : 'Add item'}</button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
