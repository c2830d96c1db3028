// Device settings persisted as one JSON file next to the till's data. Writes are atomic
// (temp file + rename), so a power cut leaves the old or the new file, never half of one.
// A file that is unreadable or fails the schema is moved aside (`.invalid-<time>`) and the
// defaults are used, so a bad edit cannot stop the till from starting.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  defaultDeviceSettings,
  deviceSettingsSchema,
  type DeviceSettings,
} from '../contract/device-settings';
import { describeZodError } from '../contract/dispatch';
import { HostCallError } from '../contract/till-host';

export interface SettingsStore {
  get(): Promise<DeviceSettings>;
  /** Validates, writes, then tells subscribers. Throws HostCallError('settings_invalid'). */
  set(next: unknown): Promise<DeviceSettings>;
  onChange(listener: (settings: DeviceSettings) => void): () => void;
}

export interface FileSettingsStoreOptions {
  log?: (message: string) => void;
  /** Suffix for a quarantined bad file; injected so tests are deterministic. */
  stamp?: () => string;
}

export function createFileSettingsStore(
  filePath: string,
  options: FileSettingsStoreOptions = {},
): SettingsStore {
  const log = options.log ?? ((m: string) => console.warn(`[settings] ${m}`));
  const stamp = options.stamp ?? (() => new Date().toISOString().replace(/[:.]/g, '-'));
  const listeners = new Set<(s: DeviceSettings) => void>();
  let cached: DeviceSettings | null = null;
  // Serialise writes so two quick saves cannot interleave their renames.
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<DeviceSettings> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultDeviceSettings();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return quarantine('it is not valid JSON');
    }
    const parsed = deviceSettingsSchema.safeParse(json);
    if (!parsed.success) return quarantine(describeZodError(parsed.error));
    return parsed.data;
  }

  async function quarantine(reason: string): Promise<DeviceSettings> {
    const aside = `${filePath}.invalid-${stamp()}`;
    await rename(filePath, aside);
    log(`ignored ${filePath} (${reason}); moved it to ${aside} and using defaults`);
    return defaultDeviceSettings();
  }

  async function write(settings: DeviceSettings): Promise<void> {
    await mkdir(dirname(filePath), { recursive: true });
    const tmp = `${filePath}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
    await rename(tmp, filePath);
  }

  return {
    async get() {
      cached ??= await load();
      return cached;
    },
    set(next) {
      const run = queue.then(async () => {
        const parsed = deviceSettingsSchema.safeParse(next);
        if (!parsed.success) {
          throw new HostCallError('settings_invalid', describeZodError(parsed.error));
        }
        await write(parsed.data);
        cached = parsed.data;
        for (const l of listeners) l(parsed.data);
        return parsed.data;
      });
      queue = run.catch(() => {});
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
