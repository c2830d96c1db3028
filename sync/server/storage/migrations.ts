// Numbered migrations per engine: `NNN_name.sql` files applied in order, each
// once, recorded in schema_migrations.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations of an engine ('sqlite' | 'postgres'), ascending. Throws on a misnamed file or a gap. */
export function loadMigrations(engine: 'sqlite' | 'postgres'): Migration[] {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), engine, 'migrations');
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!m) throw new Error(`Migration file ${file} must be named NNN_name.sql`);
      return {
        version: Number(m[1]),
        name: m[2] as string,
        sql: readFileSync(path.join(dir, file), 'utf8'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations of ${engine} skip from ${i} to ${m.version}`);
  });
  return migrations;
}
