// The journal of this till's latest sales, straight from the local database (so it shows
// what really committed — after a reload or a crash as well).
import { memo } from 'react';
import { formatLocalTime } from '../../domain/receipt';
import { showMoney } from './format';
import { useTillContext } from './till-context';
import { useLiveQuery } from './use-live-query';

const SHOWN = 8;

// Memoised: the cashier screen re-renders on every store change; this part only
// when what it reads changes.
export const RecentSales = memo(function RecentSales() {
  const { db, config } = useTillContext();
  const sales = useLiveQuery(
    () => db.sales.orderBy('sequence').reverse().limit(SHOWN).toArray(),
    [db],
    [],
  );
  return (
    <section className="recent-sales" aria-label="Recent sales">
      <h2>Recent sales 最近交易</h2>
      {sales.length === 0 ? <p>No sales yet 暂无交易</p> : null}
      <ol aria-label="Sales journal">
        {sales.map((s) => (
          <li key={s.id} aria-label={`Sale ${s.receiptNumber}`}>
            <span className="receipt-number">{s.receiptNumber}</span>
            <span>{formatLocalTime(s.createdAt, config.timeZone).slice(11)}</span>
            <span className="num">{showMoney(s.totals.total, s.currency)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
});
