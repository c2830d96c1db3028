// The till as the end-to-end tests see it: the renderer built once per test run (only
// when its sources changed) and served by the real till server on 127.0.0.1, port 0.
import { DEFAULT_TILL_CONFIG, type TillConfig } from '../../../renderer/config';
import { ensureRendererBuilt } from '../../../scripts/build-renderer';
import { startTillServer, type TillServer } from '../../../scripts/serve-till';

let built: Promise<boolean> | null = null;

/** Build the renderer at most once per process. */
export function buildRendererOnce(): Promise<boolean> {
  built ??= ensureRendererBuilt(() => undefined);
  return built;
}

/** A small demo catalogue keeps start-up fast in tests (seeding is ~5k products/s). */
export const E2E_CONFIG: TillConfig = { ...DEFAULT_TILL_CONFIG, demoSeed: { products: 300 } };

export async function startTillApp(config: Partial<TillConfig> = {}): Promise<TillServer> {
  await buildRendererOnce();
  return startTillServer({ port: 0, config: { ...E2E_CONFIG, ...config } });
}
