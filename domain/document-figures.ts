// The arithmetic a refund and a shift close must agree with, checked by head
// office before it stores them (as it recomputes a sale's totals): a refund's
// total feeds the day's refund totals, so a figure its own lines contradict
// would be counted as it stands.
import { MoneyError, sumMinor } from './money';

export type FiguresCheck = { ok: true } | { ok: false; reason: string };

export interface RefundFigures {
  lines: readonly { amountMinor: number; taxMinor: number }[];
  totalMinor: number;
  taxMinor: number;
  tenders: readonly { amountMinor: number }[];
}

/** Sum of `xs`, or the reason it has none (a term or the sum past 2^51). */
function sumOrReason(xs: readonly number[], what: string): number | string {
  try {
    return sumMinor(xs);
  } catch (err) {
    if (err instanceof MoneyError) return `${what}: ${err.message}`;
    throw err;
  }
}

/**
 * A refund's figures agree: totalMinor is the sum of its lines' amountMinor,
 * taxMinor the sum of their taxMinor, no line's tax exceeds its amount, and the
 * tenders (how the money went back) add up to totalMinor.
 */
export function checkRefundFigures(refund: RefundFigures): FiguresCheck {
  for (const [i, line] of refund.lines.entries()) {
    if (line.taxMinor > line.amountMinor) {
      return {
        ok: false,
        reason: `lines.${i}.taxMinor is ${line.taxMinor}, more than the line's amountMinor ${line.amountMinor}`,
      };
    }
  }
  const checks: [field: string, said: number, terms: readonly number[], source: string][] = [
    ['totalMinor', refund.totalMinor, refund.lines.map((l) => l.amountMinor), 'lines'],
    ['taxMinor', refund.taxMinor, refund.lines.map((l) => l.taxMinor), 'lines'],
    ['totalMinor', refund.totalMinor, refund.tenders.map((t) => t.amountMinor), 'tenders'],
  ];
  for (const [field, said, terms, source] of checks) {
    const sum = sumOrReason(terms, source);
    if (typeof sum === 'string') return { ok: false, reason: sum };
    if (said !== sum)
      return { ok: false, reason: `${field} is ${said} but its ${source} add up to ${sum}` };
  }
  return { ok: true };
}

export interface ShiftCloseFigures {
  expectedCashMinor: number;
  countedCashMinor: number;
  varianceMinor: number;
}

/** A shift close's variance is what was counted minus what was expected. */
export function checkShiftCloseFigures(close: ShiftCloseFigures): FiguresCheck {
  const variance = close.countedCashMinor - close.expectedCashMinor;
  if (close.varianceMinor !== variance) {
    return {
      ok: false,
      reason: `varianceMinor is ${close.varianceMinor} but counted ${close.countedCashMinor} − expected ${close.expectedCashMinor} is ${variance}`,
    };
  }
  return { ok: true };
}
