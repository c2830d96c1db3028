// Loads build/electron-builder.yml the way electron-builder does (same loader, same JSON
// schema), then checks the keys the app relies on and that every file it references exists.
// Packaging itself needs an Electron binary (electronDist) and is not run here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deviceSettingsSchema } from '../hardware/contract/device-settings';

const root = join(import.meta.dirname, '..');
const CONFIG = 'build/electron-builder.yml';

/** The parts of the configuration the app depends on. */
const reliedOn = z.object({
  appId: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+){2,}$/),
  productName: z.literal('Till'),
  asar: z.literal(true),
  extraMetadata: z.object({ main: z.literal('dist-electron/main.cjs') }),
  directories: z.object({ output: z.literal('release'), buildResources: z.string() }),
  // The loader merges `files` into file sets.
  files: z.array(z.object({ filter: z.array(z.string()) })),
  asarUnpack: z.array(z.string()),
  extraResources: z.array(z.object({ from: z.string(), to: z.string() })),
  linux: z.object({ target: z.array(z.string()) }),
  win: z.object({ target: z.array(z.string()) }),
  nsis: z.object({ oneClick: z.literal(false), perMachine: z.literal(true) }),
  npmRebuild: z.literal(false),
});

async function load() {
  const config = await getConfig(root, CONFIG, null);
  return { config, relied: reliedOn.parse(config) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const { config } = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb for Linux and an NSIS installer for Windows', async () => {
    const { relied } = await load();
    expect(relied.linux.target).toEqual(['AppImage', 'deb']);
    expect(relied.win.target).toEqual(['nsis']);
  });

  it('packs the built renderer and the bundled main/preload, and unpacks the serial binding', async () => {
    const { relied } = await load();
    expect(relied.files.flatMap((f) => f.filter)).toEqual(
      expect.arrayContaining(['dist/renderer/**/*', 'dist-electron/**/*', 'package.json']),
    );
    expect(relied.asarUnpack).toContain('**/node_modules/@serialport/bindings-cpp/**');
  });

  it('names the files electron/build.ts produces and main.ts loads', async () => {
    const build = readFileSync(join(root, 'electron/build.ts'), 'utf8');
    const main = readFileSync(join(root, 'electron/main.ts'), 'utf8');
    expect(build).toMatch(/entryPoints: \{ main: join\(root, 'electron', 'main\.ts'\) \}/);
    expect(build).toMatch(/entryPoints: \{ preload: join\(root, 'electron', 'preload\.ts'\) \}/);
    expect(build).toContain("outExtension: { '.js': '.cjs' }");
    expect(main).toContain("join(__dirname, 'preload.cjs')");
    expect(existsSync(join(root, 'electron/main.ts'))).toBe(true);
    expect(existsSync(join(root, 'electron/preload.ts'))).toBe(true);
  });

  it('references only resources that exist, and the example device settings are valid', async () => {
    const { relied } = await load();
    expect(existsSync(join(root, relied.directories.buildResources))).toBe(true);
    for (const r of relied.extraResources) {
      expect(existsSync(join(root, r.from)), r.from).toBe(true);
    }
    const example = JSON.parse(
      readFileSync(join(root, 'build/resources/devices.example.json'), 'utf8'),
    );
    expect(deviceSettingsSchema.safeParse(example).success).toBe(true);
  });

  it('ships every npm package the bundled main process requires', async () => {
    const { relied } = await load();
    const out = await build({
      entryPoints: [join(root, 'electron/main.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)]
      .map((m) => m[1] ?? '')
      .filter((id) => !id.startsWith('node:') && id !== 'electron')
      .map((id) =>
        id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : (id.split('/')[0] ?? id),
      );
    expect(required).toContain('serialport');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const excluded = relied.files
      .flatMap((f) => f.filter)
      .filter((p) => p.startsWith('!**/node_modules/'))
      .map((p) => p.slice('!**/node_modules/'.length).replace(/\/\*\*$/, ''));
    for (const name of new Set(required)) {
      expect(pkg.dependencies, `${name} must be a runtime dependency`).toHaveProperty([name]);
      const hit = excluded.find((e) =>
        e.endsWith('*') ? name.startsWith(e.slice(0, -1)) : name === e || name.startsWith(`${e}/`),
      );
      expect(hit, `${name} is required by main but excluded by ${hit}`).toBeUndefined();
    }
  });
});
