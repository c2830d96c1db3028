import { describe, expect, it } from 'vitest';
import type { CashierMessage } from '../stores/till-store';
import { errorPostedBy } from './store-error';

function source(initial: CashierMessage | null) {
  let message = initial;
  return {
    getState: () => ({ message }),
    post: (m: CashierMessage | null) => {
      message = m;
    },
  };
}

describe('errorPostedBy', () => {
  it('returns the error an action posts', () => {
    const s = source(null);
    expect(errorPostedBy(s, () => s.post({ kind: 'error', text: 'Quantity must be…' }))).toBe(
      'Quantity must be…',
    );
  });

  it('returns null when the action posts nothing new, or a message that is not an error', () => {
    const old: CashierMessage = { kind: 'error', text: 'an earlier error' };
    const s = source(old);
    expect(errorPostedBy(s, () => {})).toBeNull();
    expect(errorPostedBy(s, () => s.post({ kind: 'success', text: 'Added' }))).toBeNull();
    expect(errorPostedBy(s, () => s.post(null))).toBeNull();
  });

  it('sees the same words posted again as a new error', () => {
    const s = source({ kind: 'error', text: 'Bad quantity' });
    expect(errorPostedBy(s, () => s.post({ kind: 'error', text: 'Bad quantity' }))).toBe(
      'Bad quantity',
    );
  });
});
