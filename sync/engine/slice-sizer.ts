// How many pulled changes go into the next write transaction. A reader on the
// cashier's thread (a barcode lookup) waits for the write transaction in
// progress, so a transaction should last about a fixed budget of ms; but each
// transaction also has a fixed cost in IndexedDB (a few ms on the 2-vCPU VM),
// so slices should be as large as that budget allows. The sizer learns the
// time per change from the slices written so far and sizes the next one to fit.

export interface SliceSizerOptions {
  /** Size of the first slice, and of every slice when `budgetMs` is null. */
  initial: number;
  /** Never fewer changes per slice than this (each transaction has a fixed cost). */
  min: number;
  /** Never more changes per slice than this. */
  max: number;
  /** Aim for write transactions of about this many ms; null = always `initial`. */
  budgetMs: number | null;
}

/** Weight of the newest slice in the running time per change. */
const SMOOTHING = 0.3;
/** A slice grows by at most this factor over the one before. */
const MAX_GROWTH = 1.5;

export class SliceSizer {
  private current: number;
  /** Running (smoothed) ms per change; null before the first slice is timed. */
  private msPerChange: number | null = null;

  constructor(private readonly opts: SliceSizerOptions) {
    this.current = clamp(opts.initial, opts.min, opts.max);
  }

  /** Changes to put in the next write transaction. */
  get size(): number {
    return this.current;
  }

  /**
   * Length of the next slice of the `remaining` changes of a page: as many slices as
   * `size` requires, of equal length (±1). Cutting `size` after `size` would leave a
   * short last slice that pays a transaction's fixed cost for a few changes.
   */
  nextSlice(remaining: number): number {
    if (remaining <= 0) return 0;
    const slices = Math.ceil(remaining / this.current);
    return Math.ceil(remaining / slices);
  }

  /** A slice of `changes` took `ms` to write (commit included): resize the next one. */
  record(changes: number, ms: number): void {
    const budget = this.opts.budgetMs;
    if (budget === null || changes <= 0 || !(ms >= 0)) return;
    const rate = ms / changes;
    this.msPerChange =
      this.msPerChange === null ? rate : (1 - SMOOTHING) * this.msPerChange + SMOOTHING * rate;
    const fits = this.msPerChange > 0 ? Math.floor(budget / this.msPerChange) : this.opts.max;
    const next = Math.min(fits, Math.ceil(this.current * MAX_GROWTH));
    this.current = clamp(next, this.opts.min, this.opts.max);
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(n)));
}
