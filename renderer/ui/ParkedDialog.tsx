// Parked sales (kept in the local database, so they survive a reload): resume one.
import { formatLocalTime } from '../../domain/receipt';
import { showMoney } from './format';
import { Modal } from './Modal';
import { useTill, useTillContext } from './till-context';

export function ParkedDialog({ onClose }: { onClose(): void }) {
  const { store, config } = useTillContext();
  const parked = useTill((s) => s.parked);
  return (
    <Modal label="Parked sales" onClose={onClose}>
      <h2>Parked sales 挂单</h2>
      {parked.length === 0 ? <p>No parked sales 没有挂单</p> : null}
      <ul className="parked-list">
        {parked.map((p, i) => {
          const total = showMoney(p.totalMinor, p.currency);
          const at = formatLocalTime(p.parkedAt, config.timeZone);
          return (
            <li key={p.id}>
              <span>
                {at} · {p.itemCount} items · {total}
                {p.member ? ` · 会员 ${p.member.name}` : ''}
                {p.note ? ` · ${p.note}` : ''}
              </span>
              <button
                type="button"
                data-autofocus={i === 0 ? true : undefined}
                aria-label={`Resume parked sale of ${p.itemCount} items, ${total}, parked ${at}`}
                onClick={() => {
                  void store
                    .getState()
                    .resume(p.id)
                    .then(() => onClose());
                }}
              >
                Resume 取单
              </button>
            </li>
          );
        })}
      </ul>
      <div className="dialog-buttons">
        <button
          type="button"
          onClick={onClose}
          data-autofocus={parked.length === 0 ? true : undefined}
        >
          Close
        </button>
      </div>
    </Modal>
  );
}
