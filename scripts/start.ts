// `npm start` — run the till with no configuration needed.
//   npm start                    Electron where its binary exists, else browser mode
//   npm start -- --browser       browser mode (also `npm run web`)
//   npm start -- --port 5000     port of the local till server (default 4173)
//   npm start -- --config f.json till configuration (default: the demo shop)
//   npm start -- --no-demo-stack  no local head office / virtual printer / bridge
// Browser mode builds the renderer if dist/renderer is missing or stale, serves it and
// /till-config.json on 127.0.0.1, and prints the URL to open in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TILL_CONFIG, parseTillConfig, type TillConfig } from '../renderer/config';
import { ensureRendererBuilt } from './build-renderer';
import { startDemoStack, withDemoStack } from './demo-stack';
import { REPO_ROOT, startTillServer } from './serve-till';

const DEFAULT_PORT = 4173;

/** The Electron binary path, or why there is none. */
export function findElectron(): { path: string } | { missing: string } {
  try {
    const required: unknown = createRequire(import.meta.url)('electron');
    if (typeof required !== 'string') return { missing: 'the electron module gave no binary path' };
    if (!existsSync(required)) return { missing: `the Electron binary ${required} does not exist` };
    return { path: required };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { missing: `the Electron binary is not installed (${why})` };
  }
}

async function readConfig(file: string | undefined): Promise<TillConfig> {
  if (file === undefined) return DEFAULT_TILL_CONFIG;
  const result = parseTillConfig(JSON.parse(await readFile(file, 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${result.error}`);
  return result.config;
}

/**
 * Electron mode: the main process (electron/, bundled to dist-electron/main.cjs by
 * electron/build.ts) loads the built renderer from dist/renderer itself.
 */
async function startElectron(binary: string): Promise<void> {
  await ensureRendererBuilt();
  const mainEntry = path.join(REPO_ROOT, 'dist-electron', 'main.cjs');
  if (!existsSync(mainEntry)) {
    console.log('Building the Electron main process …');
    const built = spawnSync('npx', ['tsx', 'electron/build.ts'], {
      stdio: 'inherit',
      cwd: REPO_ROOT,
    });
    if (built.status !== 0) throw new Error('electron/build.ts failed');
  }
  console.log(`Starting Electron (${binary}) …`);
  const child = spawn(binary, [mainEntry], { stdio: 'inherit', cwd: REPO_ROOT });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      port: { type: 'string' },
      config: { type: 'string' },
      'no-demo-stack': { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number 0–65535, got ${values.port}`);
  }
  const config = await readConfig(values.config);

  if (!values.browser) {
    const electron = findElectron();
    if ('path' in electron) {
      await startElectron(electron.path);
      return;
    }
    console.log(`Browser mode: ${electron.missing}.`);
  } else {
    console.log('Browser mode (--browser).');
  }

  await ensureRendererBuilt();
  // No configuration → the demo: head office, virtual printer and bridge (scripts/demo-stack.ts).
  const demo = values.config || values['no-demo-stack'] ? null : await startDemoStack();
  const server = await startTillServer({
    port,
    config: demo ? withDemoStack(config, demo) : config,
  });
  console.log(`Till is running at ${server.url}`);
  console.log('Open it in Chromium. Press Ctrl+C to stop.');
  const stop = (): void => {
    void Promise.all([server.close(), demo?.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
