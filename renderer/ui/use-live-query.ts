// Subscribe a component to a Dexie live query (re-runs when the tables it read change,
// also when another window or the sync worker writes them).
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (err: unknown) => console.error('live query failed', err),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
