// What the till needs to sell, read from the local database: who it is (meta
// 'terminal', written at enrolment or by the demo seed) and how it prices. Tax rates
// come from the taxRates table (pulled from head office); the tax mode and rounding from
// meta 'pricingSettings' when present, else the China defaults (tax-inclusive prices).
import type { CurrencyCode, PricingSettings } from '../../domain';
import { saleSettingsSchema } from '../../sync/protocol/domain-schemas';
import type { TerminalIdentity, TillDb } from './schema';
import { terminalIdentitySchema } from './terminal-identity';

export interface TillConfig {
  terminal: TerminalIdentity;
  settings: PricingSettings;
  currency: CurrencyCode;
}

/** Thrown when the till has not been set up; the message says what to do. */
export class TillNotConfiguredError extends Error {
  override name = 'TillNotConfiguredError';
}

export const DEFAULT_PRICING_POLICY: Omit<PricingSettings, 'taxRates'> = {
  taxMode: 'inclusive',
  taxRounding: 'per_line',
  roundingMode: 'HALF_UP',
};

export async function loadTillConfig(
  db: TillDb,
  currency: CurrencyCode = 'CNY',
): Promise<TillConfig> {
  const [terminalRow, settingsRow, pulledRates] = await Promise.all([
    db.meta.get('terminal'),
    db.meta.get('pricingSettings'),
    db.taxRates.toArray(),
  ]);
  if (!terminalRow) {
    throw new TillNotConfiguredError(
      'This till is not enrolled yet — enrol it with a code from head office',
    );
  }
  const terminal = terminalIdentitySchema.safeParse(terminalRow.value);
  if (!terminal.success) {
    throw new TillNotConfiguredError("The till's identity record is damaged — enrol it again");
  }
  const stored = settingsRow ? saleSettingsSchema.safeParse(settingsRow.value) : null;
  if (stored && !stored.success) {
    throw new TillNotConfiguredError("The till's price settings are damaged — call support");
  }
  const policy = stored?.data ?? DEFAULT_PRICING_POLICY;
  const taxRates = pulledRates.length > 0 ? pulledRates : (stored?.data.taxRates ?? []);
  if (taxRates.length === 0) {
    throw new TillNotConfiguredError(
      'This till has no tax rates yet — connect it to head office once',
    );
  }
  return {
    terminal: terminal.data,
    settings: {
      taxMode: policy.taxMode,
      taxRounding: policy.taxRounding,
      roundingMode: policy.roundingMode,
      taxRates,
    },
    currency,
  };
}
