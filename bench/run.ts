// `npm run bench [filter]`: runs every bench/*.bench.ts module (each exports
// `run(): Promise<BenchResult[]>`), writes bench/results.json and prints a table.
// Figures, not pass/fail. A filter runs only modules whose file name contains it;
// results of modules not run are kept from the previous results.json.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { BenchResult } from './lib';

const dir = path.dirname(fileURLToPath(import.meta.url));
const resultsPath = path.join(dir, 'results.json');

async function previous(): Promise<BenchResult[]> {
  try {
    return JSON.parse(await readFile(resultsPath, 'utf8')) as BenchResult[];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const filter = process.argv[2] ?? '';
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort();
  const byName = new Map((filter ? await previous() : []).map((r) => [r.name, r]));
  for (const file of files) {
    console.log(`running ${file} …`);
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      run: () => Promise<BenchResult[]>;
    };
    for (const r of await mod.run()) byName.set(r.name, r);
  }
  const results = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  await writeFile(resultsPath, JSON.stringify(results, null, 2) + '\n');
  console.table(results.map((r) => ({ name: r.name, value: r.value, unit: r.unit })));
  console.log(`wrote ${path.relative(process.cwd(), resultsPath)}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
