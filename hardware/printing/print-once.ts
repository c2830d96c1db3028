// At-most-once per job id on the host side. The renderer's spooler retries a job whose
// answer it never got (timeout, bridge dropped, renderer restarted while 'printing') with
// the SAME job id; the host remembers the ids it printed and answers the remembered result
// instead of printing again. A retry that arrives while the first attempt is still running
// joins it. What remains: the host itself restarting between printing and remembering
// (memory only) — see docs/hardware.md.
export interface PrintOnce {
  run<T extends { ok: boolean }>(jobId: string, print: () => Promise<T>): Promise<T>;
  /** Ids remembered as printed, oldest first. */
  printedIds(): string[];
}

export function createPrintOnce(opts: { remember?: number } = {}): PrintOnce {
  const remember = opts.remember ?? 1000;
  const done = new Map<string, unknown>();
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    async run<T extends { ok: boolean }>(jobId: string, print: () => Promise<T>): Promise<T> {
      if (done.has(jobId)) return done.get(jobId) as T;
      const running = inFlight.get(jobId);
      if (running) return (await running) as T;
      const p = print();
      inFlight.set(jobId, p);
      try {
        const result = await p;
        if (result.ok) {
          done.set(jobId, result);
          if (done.size > remember) done.delete(done.keys().next().value as string);
        }
        return result;
      } finally {
        inFlight.delete(jobId);
      }
    },
    printedIds: () => [...done.keys()],
  };
}
