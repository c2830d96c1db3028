// Build the renderer with Vite when dist/renderer is missing or older than its sources.
// Used by `npm start` and by the end-to-end tests (which build once per run).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, RENDERER_DIST } from './serve-till';

/** Folders and files whose changes make the built renderer stale. */
const SOURCES = ['renderer', 'domain', 'sync/protocol', 'sync/engine', 'hardware/contract'];
const SOURCE_FILES = ['vite.config.ts', 'package.json'];

async function newestMtime(p: string): Promise<number> {
  let info;
  try {
    info = await stat(p);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(p)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Why a build is needed, or null when dist/renderer is up to date. */
export async function rendererStaleReason(): Promise<string | null> {
  const built = await newestMtime(path.join(RENDERER_DIST, 'index.html'));
  if (built === 0) return 'dist/renderer is missing';
  const mtimes = await Promise.all(
    [...SOURCES, ...SOURCE_FILES].map((s) => newestMtime(path.join(REPO_ROOT, s))),
  );
  return Math.max(...mtimes) > built ? 'renderer sources changed since the last build' : null;
}

/** Build if needed. Returns whether a build ran. */
export async function ensureRendererBuilt(
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const reason = await rendererStaleReason();
  if (reason === null) return false;
  log(`Building the renderer (${reason}) …`);
  const { build } = await import('vite');
  await build({
    configFile: path.join(REPO_ROOT, 'vite.config.ts'),
    root: path.join(REPO_ROOT, 'renderer'),
    logLevel: 'warn',
  });
  return true;
}
