// Dialogs change the cart through till-store actions, which never throw: a refusal (bad
// quantity, discount above the line) is posted as the cashier message instead. A dialog
// keeps that error on its own field and stays open; anything else closes it.
import type { CashierMessage } from '../stores/till-store';

interface MessageSource {
  getState(): { message: CashierMessage | null };
}

/** Runs `action` and returns the error message it posted, or null when it posted none. */
export function errorPostedBy(store: MessageSource, action: () => void): string | null {
  const before = store.getState().message;
  action();
  const after = store.getState().message;
  return after !== before && after?.kind === 'error' ? after.text : null;
}
