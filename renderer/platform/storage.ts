// Storage health. The till keeps unsynced sales in IndexedDB, so it asks the browser to
// make its storage persistent (not evicted under storage pressure) and warns the staff
// before the quota runs out (default at 80 %). Synced history is pruned elsewhere, only
// after head office has acknowledged it.

/** The part of navigator.storage used here (a fake in tests). */
export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageStatus {
  /** The browser promised not to evict our data. */
  persisted: boolean;
  /** Bytes used and available to this origin, when the browser says. */
  usageBytes: number | null;
  quotaBytes: number | null;
  /** usage / quota in [0, 1], or null when unknown. */
  usedFraction: number | null;
  /** A sentence for the staff, or null when all is well. */
  warning: string | null;
}

function defaultStorage(): StorageManagerLike | null {
  const nav = (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator;
  return nav?.storage ?? null;
}

/** Ask for persistent storage (once granted, persist() is not asked again). */
export async function ensurePersistentStorage(
  storage: StorageManagerLike | null = defaultStorage(),
): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Human-readable size: 1.2 GB, 850 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Check usage against the quota; `warnAt` is a fraction (0.8 = 80 %). */
export async function checkStorage(
  storage: StorageManagerLike | null = defaultStorage(),
  warnAt = 0.8,
): Promise<Omit<StorageStatus, 'persisted'>> {
  const estimate: { usage?: number; quota?: number } = await Promise.resolve(storage?.estimate?.())
    .then((e) => e ?? {})
    .catch(() => ({}));
  const usageBytes = typeof estimate.usage === 'number' ? estimate.usage : null;
  const quotaBytes =
    typeof estimate.quota === 'number' && estimate.quota > 0 ? estimate.quota : null;
  const usedFraction = usageBytes !== null && quotaBytes !== null ? usageBytes / quotaBytes : null;
  const warning =
    usedFraction !== null && usedFraction >= warnAt && usageBytes !== null && quotaBytes !== null
      ? `Storage is ${Math.floor(usedFraction * 100)} % full (${formatBytes(usageBytes)} of ${formatBytes(quotaBytes)}). Keep the till online so synced sales can be cleared, or call support.`
      : null;
  return { usageBytes, quotaBytes, usedFraction, warning };
}

/** At start: ask for persistence, then check the quota. Never throws. */
export async function startStorage(
  storage: StorageManagerLike | null = defaultStorage(),
  warnAt = 0.8,
): Promise<StorageStatus> {
  const persisted = await ensurePersistentStorage(storage);
  const quota = await checkStorage(storage, warnAt);
  const notPersisted =
    storage?.persist && !persisted
      ? 'The browser may clear this till’s data under storage pressure (persistent storage was refused).'
      : null;
  return {
    persisted,
    ...quota,
    warning: [quota.warning, notPersisted].filter((w) => w !== null).join(' ') || null,
  };
}
