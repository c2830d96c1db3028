// Turn an error into a sentence a cashier can act on. Domain errors (CartError,
// SaleError, MoneyError) are already written for the cashier; storage errors are not.

import { CartError, MoneyError, SaleError } from '../../domain';

const STORAGE_MESSAGES: Record<string, string> = {
  QuotaExceededError: "the till's storage is full — call support",
  ConstraintError: 'the receipt number is already used — call support',
  DatabaseClosedError: 'the local database is closed — restart the till',
  InvalidStateError: 'the local database is not available — restart the till',
  VersionError: 'the local database belongs to a newer version of Till',
};

/** Errors from shop rules: their message is written for the cashier. */
export function isDomainError(e: unknown): boolean {
  return e instanceof CartError || e instanceof SaleError || e instanceof MoneyError;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const known = STORAGE_MESSAGES[e.name];
    if (known) return known;
    // Dexie wraps the IndexedDB error: report the inner one when it is one we know.
    const inner = (e as { inner?: unknown }).inner;
    if (inner instanceof Error && STORAGE_MESSAGES[inner.name])
      return STORAGE_MESSAGES[inner.name] ?? inner.message;
    return e.message.replace(/\.$/, '');
  }
  return String(e);
}
