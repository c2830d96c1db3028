// The lines of the sale being rung up: Chinese name first with English below, quantity,
// unit price, discount and line total (from domain computeTotals, via the store).
// Clicking a row selects it for the line actions (quantity, discount, void).
// Each line also shows the product's stock as the till knows it (pulled − sales head
// office has not acknowledged), live: it drops as soon as a sale commits, and shows a
// negative figure when the shop has sold more than head office said it had.
import { memo } from 'react';
import { showDiscount, showMoney, showQuantity, showStock } from './format';
import { useTill, useTillContext } from './till-context';
import { useStock } from './use-stock';

// Memoised: the cashier screen re-renders on every store change; this part only
// when what it reads changes.
export const CartTable = memo(function CartTable() {
  const { store, refocus, db } = useTillContext();
  const cart = useTill((s) => s.cart);
  const totals = useTill((s) => s.totals);
  const selectedLineId = useTill((s) => s.selectedLineId);
  const byLine = new Map(totals.lines.map((t) => [t.lineId, t]));
  const currency = cart.currency;
  const stock = useStock(
    db,
    cart.lines.map((l) => l.productId),
  );

  return (
    <div className="cart-scroll">
      <table className="cart" aria-label="Sale lines">
        <thead>
          <tr>
            <th scope="col">Item 商品</th>
            <th scope="col">Qty 数量</th>
            <th scope="col">Price 单价</th>
            <th scope="col">Discount 折扣</th>
            <th scope="col">Total 小计</th>
            <th scope="col">Stock 库存</th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.length === 0 ? (
            <tr className="cart-empty">
              <td colSpan={6}>Scan an item to start a sale 请扫描商品</td>
            </tr>
          ) : null}
          {cart.lines.map((line) => {
            const t = byLine.get(line.lineId);
            const selected = line.lineId === selectedLineId;
            return (
              <tr
                key={line.lineId}
                data-line-id={line.lineId}
                aria-selected={selected}
                aria-label={`${line.name} ${line.nameEn}${line.voided ? ' (voided)' : ''}`}
                className={[
                  'cart-line',
                  selected ? 'selected' : '',
                  line.voided ? 'voided' : '',
                ].join(' ')}
                onClick={() => {
                  store.getState().selectLine(line.lineId);
                  refocus();
                }}
              >
                <td>
                  <span className="product-name">
                    <span lang="zh-CN">{line.name}</span>
                    <span className="name-en" lang="en">
                      {line.nameEn}
                      {line.voided ? ' — voided 已作废' : ''}
                    </span>
                  </span>
                </td>
                <td className="num" aria-label="Quantity">
                  {showQuantity(line.quantity, line.unit)}
                </td>
                <td className="num">
                  {showMoney(line.unitPriceMinor, currency)}
                  {line.unit === 'kg' ? ' / kg' : ''}
                </td>
                <td className="num">{showDiscount(line.discount, currency)}</td>
                <td className="num" aria-label="Line total">
                  {line.voided || t === undefined ? '—' : showMoney(t.total, currency)}
                </td>
                <td
                  className={`num stock${(stock.get(line.productId) ?? 0) < 0 ? ' oversold' : ''}`}
                  aria-label={`Stock for ${line.name}`}
                >
                  {stock.has(line.productId)
                    ? showStock(stock.get(line.productId) ?? null, line.unit)
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
