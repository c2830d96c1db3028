// The till as the end-to-end tests see it: the renderer built once per test run (only
// when its sources changed) and served by the real till server on 127.0.0.1, port 0.
// Each server serves its own copy of the build, so a `vite build` running elsewhere in
// the same checkout (it empties dist/renderer first) cannot pull files from under a test.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TILL_CONFIG, type TillConfig } from '../../../renderer/config';
import { ensureRendererBuilt } from '../../../scripts/build-renderer';
import { RENDERER_DIST, startTillServer, type TillServer } from '../../../scripts/serve-till';

let built: Promise<boolean> | null = null;

/** Build the renderer at most once per process. */
export function buildRendererOnce(): Promise<boolean> {
  built ??= ensureRendererBuilt(() => undefined);
  return built;
}

/** A private copy of the built renderer; remove it with the returned function. */
export async function copyOfRenderer(): Promise<{ root: string; remove(): Promise<void> }> {
  await buildRendererOnce();
  const dir = await mkdtemp(path.join(tmpdir(), 'till-renderer-'));
  const root = path.join(dir, 'renderer');
  await cp(RENDERER_DIST, root, { recursive: true });
  return { root, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A small demo catalogue keeps start-up fast in tests (seeding is ~5k products/s). */
export const E2E_CONFIG: TillConfig = { ...DEFAULT_TILL_CONFIG, demoSeed: { products: 300 } };

export async function startTillApp(
  config: Partial<TillConfig> = {},
  rawConfig?: unknown,
): Promise<TillServer> {
  const copy = await copyOfRenderer();
  const server = await startTillServer({
    port: 0,
    root: copy.root,
    ...(rawConfig !== undefined ? { rawConfig } : { config: { ...E2E_CONFIG, ...config } }),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await copy.remove();
    },
  };
}
