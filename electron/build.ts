// Bundles the Electron main process and preload with esbuild into dist-electron/:
//   main.cjs    — Node target; npm dependencies stay external (serialport's native binding
//                 and node-thermal-printer load from node_modules inside the package).
//   preload.cjs — everything bundled except `electron`: a sandboxed preload cannot require
//                 our modules or node_modules at run time.
// Run: npx tsx electron/build.ts. Not part of `npm test` (there is no Electron binary here);
// the packaging test checks the outputs' paths in the builder config instead.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist-electron');

/** Electron 41 ships Node 24 and Chromium 146. */
const common = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'info' } as const;

await build({
  ...common,
  entryPoints: { main: join(root, 'electron', 'main.ts') },
  outdir,
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node22',
  packages: 'external',
});

await build({
  ...common,
  entryPoints: { preload: join(root, 'electron', 'preload.ts') },
  outdir,
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'chrome130',
  external: ['electron'],
});
