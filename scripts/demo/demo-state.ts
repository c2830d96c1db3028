// What the demo stack remembers between runs, in <dataDir>/demo-state.json: the admin
// token of the local head office, the one-time enrolment code it issued (until the till
// has used it), and how many demo products were imported. Without it a restart would
// issue a second terminal, or import the catalogue again and reset the stock figures.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const demoStateSchema = z.object({
  version: z.literal(1),
  /** Bearer token of the head office's admin API (also usable with curl). */
  adminToken: z.string().min(16),
  /** Issued once for the demo terminal; null after the till enrolled with it. */
  enrolmentCode: z.string().nullable(),
  /** Products imported through the admin catalogue import (0 = not yet). */
  importedProducts: z.number().int().min(0),
});
export type DemoState = z.infer<typeof demoStateSchema>;

export function demoStatePath(dataDir: string): string {
  return path.join(dataDir, 'demo-state.json');
}

/** The saved state, or null when there is none (a first run). A damaged file is an error. */
export async function readDemoState(dataDir: string): Promise<DemoState | null> {
  const file = demoStatePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = demoStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}); ` +
        `delete ${dataDir} to start the demo afresh`,
    );
  }
  return parsed.data;
}

/** Atomic write (temp file + rename): a crash leaves the old or the new state. */
export async function writeDemoState(dataDir: string, state: DemoState): Promise<void> {
  const file = demoStatePath(dataDir);
  await mkdir(dataDir, { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(demoStateSchema.parse(state), null, 2) + '\n');
  await rename(tmp, file);
}
