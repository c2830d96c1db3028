// Picks the TillHost transport for this page: the Electron preload when the page runs in the
// Till shell (`window.tillHost` exists), else the hardware bridge named in /till-config.json
// (`bridge: { url, secret }`, browser mode), else a host that answers every call with
// `not_configured` so the till still sells (no printer, no drawer) and says why.
import { bridgeConfigSchema, type BridgeConfig } from '../../hardware/contract/bridge-protocol';
import type { TillHost } from '../../hardware/contract/till-host';
import { createBridgeTillHost, type BridgeClientOptions } from './bridge-client';
import { createUnavailableTillHost } from './contract-client';
import { createElectronTillHost, findPreloadApi } from './electron-client';

export interface CreateTillHostOptions extends BridgeClientOptions {
  /** The `bridge` block of the till config, when the caller has already loaded it. */
  bridge?: unknown;
  /** Where to look for the preload object (default globalThis). */
  scope?: object;
  /** Used when `bridge` is not given: fetches /till-config.json. */
  fetchConfig?: () => Promise<unknown>;
}

/** Reads and validates the `bridge` block of /till-config.json; null when absent or invalid. */
export async function loadBridgeConfig(
  fetchConfig: () => Promise<unknown> = async () => {
    const res = await fetch('/till-config.json', { cache: 'no-store' });
    return res.ok ? res.json() : null;
  },
): Promise<BridgeConfig | null> {
  try {
    const config = await fetchConfig();
    if (typeof config !== 'object' || config === null || !('bridge' in config)) return null;
    const parsed = bridgeConfigSchema.safeParse((config as { bridge: unknown }).bridge);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function createTillHost(options: CreateTillHostOptions = {}): Promise<TillHost> {
  const preload = findPreloadApi(options.scope);
  if (preload !== null) return createElectronTillHost(preload, options);

  let bridge: BridgeConfig | null;
  if (options.bridge !== undefined) {
    const parsed = bridgeConfigSchema.safeParse(options.bridge);
    bridge = parsed.success ? parsed.data : null;
  } else {
    bridge = await loadBridgeConfig(options.fetchConfig);
  }
  if (bridge !== null) return createBridgeTillHost(bridge, options);
  return createUnavailableTillHost(
    'No device host: printer, drawer and serial scanner are unavailable (start Till with npm start)',
  );
}
