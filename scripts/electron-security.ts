// Electron security scan (part of `npm test`): runs @doyensec/electronegativity over the
// Electron shell — electron/*.ts (main, preload, security, IPC router; tests and the build
// script left out) plus the renderer's index.html — prints every finding, and exits 1 on any
// HIGH or CRITICAL one. Electronegativity parses TypeScript itself; the sources are copied to
// a temp folder with a package.json naming the Electron version, so the version checks run
// against what we ship.
//
// Usage: npx tsx scripts/electron-security.ts [--json]
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Level {
  value: number;
  name: string;
}
interface Issue {
  file: string;
  id: string;
  description: string;
  location: { line: number; column: number };
  severity: Level;
  confidence: Level;
  manualReview: boolean;
  sample?: string;
}
interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
}
type Run = (options: {
  input: string;
  isRelative?: boolean;
  electronVersion?: string;
  severitySet?: string;
  confidenceSet?: string;
}) => Promise<ScanResult>;

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (
  JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
).version;

const BLOCKING = new Set(['HIGH', 'CRITICAL']);

function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'till-electron-scan-'));
  const electronDir = join(root, 'electron');
  for (const name of readdirSync(electronDir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'build.ts') continue;
    cpSync(join(electronDir, name), join(dir, 'electron', name));
  }
  const html = join(root, 'renderer', 'index.html');
  if (existsSync(html)) cpSync(html, join(dir, 'renderer', 'index.html'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'till-electron-scan',
      private: true,
      main: 'electron/main.ts',
      devDependencies: { electron: electronVersion },
    }),
  );
  return dir;
}

async function main(): Promise<number> {
  const dir = stage();
  try {
    // The i18n loader tries a 1 s download of translations and prints a line when offline.
    const result = await run({ input: dir, isRelative: true, electronVersion });
    const issues = [...result.issues].sort((a, b) => b.severity.value - a.severity.value);
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(issues, null, 2));
    }
    console.log(
      `electronegativity: ${result.globalChecks} global + ${result.atomicChecks} atomic checks, ` +
        `Electron ${electronVersion}, ${issues.length} finding(s)`,
    );
    for (const i of issues) {
      const where = `${relative(dir, join(dir, i.file))}:${i.location.line}:${i.location.column}`;
      const review = i.manualReview ? ' [review]' : '';
      console.log(
        `  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id}${review}\n` +
          `      ${where} — ${i.description}`,
      );
    }
    const parseErrors = result.errors.filter((e) => !e.tolerable);
    for (const e of parseErrors) console.error(`  parse error in ${e.file}: ${e.message}`);
    const blocking = issues.filter((i) => BLOCKING.has(i.severity.name));
    if (parseErrors.length > 0) {
      console.error('electron security scan FAILED: files could not be parsed (unscanned code)');
      return 1;
    }
    if (blocking.length > 0) {
      console.error(`electron security scan FAILED: ${blocking.length} HIGH/CRITICAL finding(s)`);
      return 1;
    }
    console.log('electron security scan passed: no HIGH or CRITICAL findings');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
