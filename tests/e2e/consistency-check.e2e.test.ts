// The crash test is only as good as its checker: it must name every kind of half-saved
// sale. Pure, runs in Node.
import { describe, expect, it } from 'vitest';
import { consistencyProblems, type DbSnapshot } from './support/inspect-db';

function whole(n: number): DbSnapshot {
  const snap: DbSnapshot = {
    sales: [],
    outbox: [],
    stock: [],
    audit: [],
    printJobs: [],
    meta: { receiptSequence: n },
  };
  let prev = '0'.repeat(64);
  for (let i = 1; i <= n; i++) {
    const id = `sale-${i}`;
    snap.sales.push({
      id,
      receiptNumber: `S001-T01-${String(i).padStart(6, '0')}`,
      sequence: i,
      lines: [{ productId: 'P1', quantity: 2, voided: false }],
    });
    snap.outbox.push({ id, sequence: i, type: 'sale' });
    snap.printJobs.push({ saleId: id });
    snap.audit.push({ seq: i, refId: id, type: 'sale.completed', prevHash: prev, hash: `h${i}` });
    prev = `h${i}`;
  }
  snap.stock.push({ productId: 'P1', quantity: -2 * n });
  return snap;
}

describe('sale consistency check', () => {
  it('accepts whole sales', () => {
    expect(consistencyProblems(whole(3))).toEqual([]);
    expect(consistencyProblems(whole(0))).toEqual([]);
  });

  it('names a sale without its outbox entry, audit entry or print job', () => {
    const snap = whole(2);
    snap.outbox.pop();
    snap.audit.pop();
    snap.printJobs.pop();
    expect(consistencyProblems(snap)).toEqual([
      'sale sale-2 has no outbox entry',
      'sale sale-2 has no audit entry',
      'sale sale-2 has no print job',
    ]);
  });

  it('counts stock from the opening figure the demo seed wrote', () => {
    const opening = (id: string): number => (id === 'P1' ? 50 : id === 'P2' ? 7 : 0);
    const snap = whole(2);
    snap.stock = [
      { productId: 'P1', quantity: 46 },
      { productId: 'P2', quantity: 7 },
    ];
    expect(consistencyProblems(snap, opening)).toEqual([]);
    // Against a zero opening the same rows are wrong; a moved unsold row is named.
    expect(consistencyProblems(snap)).toEqual([
      'stock of P1 is 46, sales say -4',
      'stock of P2 moved without a sale',
    ]);
    snap.stock = [
      { productId: 'P1', quantity: -4 },
      { productId: 'P2', quantity: 6 },
    ];
    expect(consistencyProblems(snap, opening)).toEqual([
      'stock of P1 is -4, sales say 46',
      'stock of P2 moved without a sale',
    ]);
  });

  it('names a stock decrement without a sale and a sale without its decrement', () => {
    const snap = whole(2);
    snap.stock = [
      { productId: 'P1', quantity: -2 },
      { productId: 'P9', quantity: -1 },
    ];
    expect(consistencyProblems(snap)).toEqual([
      'stock of P1 is -2, sales say -4',
      'stock of P9 moved without a sale',
    ]);
  });

  it('names a gap or a repeat in the receipt numbers', () => {
    const gap = whole(3);
    gap.sales.splice(1, 1);
    gap.outbox.splice(1, 1);
    gap.printJobs.splice(1, 1);
    gap.audit.splice(1, 1);
    gap.stock = [{ productId: 'P1', quantity: -4 }];
    gap.meta.receiptSequence = 2;
    expect(consistencyProblems(gap)).toContain('receipt sequence 2 expected, found 3');

    const repeat = whole(2);
    repeat.sales[1]!.receiptNumber = repeat.sales[0]!.receiptNumber;
    expect(consistencyProblems(repeat)).toContain('a receipt number repeats');
  });
});
