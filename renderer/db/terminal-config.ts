// What the till needs to sell, read from meta: who it is (written at enrolment or by the
// demo seed) and how it prices (tax mode, rounding, tax rates).
import type { CurrencyCode, PricingSettings } from '../../domain';
import { getMeta, type TerminalIdentity, type TillDb } from './schema';

export interface TillConfig {
  terminal: TerminalIdentity;
  settings: PricingSettings;
  currency: CurrencyCode;
}

/** Thrown when the till has not been set up; the message says what to do. */
export class TillNotConfiguredError extends Error {
  override name = 'TillNotConfiguredError';
}

export async function loadTillConfig(
  db: TillDb,
  currency: CurrencyCode = 'CNY',
): Promise<TillConfig> {
  const [terminal, settings] = await Promise.all([
    getMeta(db, 'terminal'),
    getMeta(db, 'pricingSettings'),
  ]);
  if (!terminal) {
    throw new TillNotConfiguredError(
      'This till is not enrolled yet — enrol it with a code from head office',
    );
  }
  if (!settings) {
    throw new TillNotConfiguredError(
      'This till has no prices and tax settings yet — connect it to head office once',
    );
  }
  return { terminal, settings, currency };
}
