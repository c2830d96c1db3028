// The pay screen: choose Cash or Card, type the amount tendered (empty = exactly what is
// still due), a card terminal reference for card, see the change due, Complete. Split
// payments: "Add payment" keeps the pay screen open for the next tender. Whether the
// tenders cover the sale is domain evaluateTenders; saving is the store's complete().
import { useRef, useState, type FormEvent } from 'react';
import { evaluateTenders, parseMoney, type Sale, type Tender } from '../../domain';
import { showMoney } from './format';
import { DialogError, Modal } from './Modal';
import { useTill, useTillContext } from './till-context';

type TenderKind = Tender['kind'];

export function PayScreen({
  onClose,
  onCompleted,
}: {
  onClose(): void;
  onCompleted(sale: Sale): void;
}) {
  const { store, config } = useTillContext();
  const totals = useTill((s) => s.totals);
  const tenders = useTill((s) => s.tenders);
  const tenderState = useTill((s) => s.tenderState);
  const busy = useTill((s) => s.busy);
  const [kind, setKind] = useState<TenderKind>('cash');
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const currency = config.currency;
  const amountRef = useRef<HTMLInputElement>(null);
  /** Choosing a tender puts the cursor where the amount is typed. */
  const choose = (k: TenderKind): void => {
    setKind(k);
    setError(null);
    amountRef.current?.focus();
  };

  /** The tender being typed, or null when the amount field is empty and nothing is due. */
  const pending = (): Tender | null => {
    const text = amountText.trim();
    const amountMinor = text === '' ? tenderState.remainingMinor : parseMoney(text, currency).minor;
    if (text === '' && amountMinor === 0) return null;
    return kind === 'cash'
      ? { kind: 'cash', amountMinor }
      : { kind: 'card', amountMinor, reference: reference.trim() };
  };

  // Live preview of change / still due with what is typed (invalid input: no preview).
  let preview = tenderState;
  try {
    const p = pending();
    if (p) preview = evaluateTenders(totals.total, [...tenders, p], { currency });
  } catch {
    preview = tenderState;
  }

  const resetEntry = (): void => {
    setAmountText('');
    setReference('');
  };

  const addPayment = (): boolean => {
    try {
      const p = pending();
      if (p === null) return true;
      const check = evaluateTenders(totals.total, [p], { currency });
      // Only the shape of this tender matters here (a split payment may be short).
      if (p.kind === 'card' && p.reference === '') {
        setError(check.problem ?? 'The card payment needs the terminal’s reference number');
        return false;
      }
      store.getState().addTender(p);
      resetEntry();
      setError(null);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    }
  };

  const complete = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (busy) return;
    let all: Tender[];
    try {
      const p = pending();
      all = p ? [...tenders, p] : tenders;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    const check = evaluateTenders(totals.total, all, { currency });
    if (!check.canComplete) {
      setError(check.problem ?? 'The payment is incomplete');
      return;
    }
    if (all.length > tenders.length && !addPayment()) return;
    const sale = await store.getState().complete();
    if (sale) {
      onCompleted(sale);
      return;
    }
    setError(store.getState().message?.text ?? 'The sale could not be saved');
  };

  return (
    <Modal label="Pay" onClose={onClose} className="pay-screen">
      <form onSubmit={(e) => void complete(e)}>
        <h2>Pay 收款</h2>
        <dl className="pay-figures">
          <div>
            <dt>Total due 应付</dt>
            <dd aria-label="Amount due">{showMoney(totals.total, currency)}</dd>
          </div>
          <div>
            <dt>Still due 未付</dt>
            <dd aria-label="Still due">{showMoney(preview.remainingMinor, currency)}</dd>
          </div>
          <div className="change-due">
            <dt>Change due 找零</dt>
            <dd aria-label="Change due" role="status">
              {showMoney(preview.changeMinor, currency)}
            </dd>
          </div>
        </dl>

        {tenders.length > 0 ? (
          <ul aria-label="Payments taken" className="tenders">
            {tenders.map((t, i) => (
              <li key={i}>
                {t.kind === 'cash' ? 'Cash 现金' : `Card 银行卡 (${t.reference})`}{' '}
                {showMoney(t.amountMinor, currency)}{' '}
                <button
                  type="button"
                  aria-label={`Remove payment ${i + 1}`}
                  onClick={() => store.getState().removeTender(i)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}

        <div role="group" aria-label="Tender" className="tender-kinds">
          <button type="button" aria-pressed={kind === 'cash'} onClick={() => choose('cash')}>
            Cash 现金
          </button>
          <button type="button" aria-pressed={kind === 'card'} onClick={() => choose('card')}>
            Card 银行卡
          </button>
        </div>

        <label htmlFor="amount-tendered">Amount tendered 实收</label>
        <input
          ref={amountRef}
          id="amount-tendered"
          aria-label="Amount tendered"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          data-autofocus
          placeholder={showMoney(tenderState.remainingMinor, currency)}
          value={amountText}
          onChange={(e) => {
            setAmountText(e.target.value);
            setError(null);
          }}
        />
        {kind === 'card' ? (
          <>
            <label htmlFor="card-reference">Card reference 交易参考号</label>
            <input
              id="card-reference"
              aria-label="Card reference"
              autoComplete="off"
              value={reference}
              onChange={(e) => {
                setReference(e.target.value);
                setError(null);
              }}
            />
          </>
        ) : null}

        <DialogError message={error} />

        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            Complete sale 完成
          </button>
          <button type="button" onClick={() => addPayment()}>
            Add payment 分单支付
          </button>
          <button type="button" onClick={onClose}>
            Back to sale 返回
          </button>
        </div>
      </form>
    </Modal>
  );
}
