// The sale's figures, all from domain computeTotals (through the store).
import { memo } from 'react';
import { showDiscount, showMoney } from './format';
import { useTill } from './till-context';

// Memoised: the cashier screen re-renders on every store change; this part only
// when what it reads changes.
export const TotalsPanel = memo(function TotalsPanel() {
  const totals = useTill((s) => s.totals);
  const orderDiscount = useTill((s) => s.cart.orderDiscount);
  const c = totals.currency;
  return (
    <dl className="totals" aria-label="Sale totals">
      <div>
        <dt>Items 件数</dt>
        <dd aria-label="Item count">{totals.itemCount}</dd>
      </div>
      <div>
        <dt>Subtotal 小计</dt>
        <dd aria-label="Subtotal">{showMoney(totals.subtotal, c)}</dd>
      </div>
      <div>
        <dt>Discounts 折扣{orderDiscount ? ` (order ${showDiscount(orderDiscount, c)})` : ''}</dt>
        <dd aria-label="Discounts">{showMoney(-totals.discountTotal, c)}</dd>
      </div>
      <div>
        <dt>Tax 税额</dt>
        <dd aria-label="Tax">{showMoney(totals.taxTotal, c)}</dd>
      </div>
      <div className="grand-total">
        <dt>Total 应付</dt>
        <dd aria-label="Total due">{showMoney(totals.total, c)}</dd>
      </div>
    </dl>
  );
});
