// Keyboard-wedge scanner detection. A wedge scanner "types" the code as key presses,
// 7–8 ms apart (some 16 ms), then a suffix key (Enter or Tab). A person types 60+ ms
// apart. So a burst of printable keys is a scan when it is at least `minLength` long,
// its average gap is at most `avgMs`, and it ends in a suffix key; anything else is
// typing and must reach the focused field.
//
// Because the first keys of a scan look like typing until the burst is over, printable
// keys are HELD (the caller stops them landing anywhere) and then either become a scan
// or are RELEASED, in order, as typing. States:
// - idle: nothing held. A printable key enters `holding` (the key is held).
// - holding: keys held. Left for idle when: a suffix key arrives (scan if the burst
//   qualifies, otherwise release + let the suffix through); a non-printable key arrives
//   (release, let it through); the caller's timer fires `flush()` after `maxGapMs`
//   without a key (release). A printable key after a gap > maxGapMs releases the held
//   keys and starts a new burst with itself.
// Pure: no DOM, no clock — times come in on the events (ms, any monotonic origin).

export interface WedgeKey {
  key: string;
  /** Event time in ms (KeyboardEvent.timeStamp). */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeOptions {
  /** Maximum average gap between keys of a scan, ms. Default 30. */
  avgMs: number;
  /** Minimum number of characters in a scan (suffix not counted). Default 6. */
  minLength: number;
  /** Keys that end a scan. Default Enter and Tab. Empty: a qualifying burst ends by timeout. */
  suffixKeys: readonly string[];
  /** Longest single gap inside a scan, ms; also how long held keys wait. Default 2 × avgMs. */
  maxGapMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  avgMs: 30,
  minLength: 6,
  suffixKeys: ['Enter', 'Tab'],
  maxGapMs: 60,
};

/** What the caller does with the key just fed, and what happened to the held keys. */
export interface WedgeDecision {
  /** Held characters that turned out to be typing: deliver them, in order, before this key. */
  release: string[];
  /**
   * This key: 'hold' — stop it (it is buffered); 'pass' — let it through normally;
   * 'swallow' — stop it (the suffix of a scan).
   */
  key: 'hold' | 'pass' | 'swallow';
  /** A completed scan, or null. */
  scan: string | null;
}

/** Keys that never count and never disturb a burst (scanners press Shift for capitals). */
const IGNORED = new Set(['Shift', 'CapsLock', 'Unidentified', 'Dead']);

export class WedgeDetector {
  readonly options: WedgeOptions;
  private held: string[] = [];
  private firstAt = 0;
  private lastAt = 0;

  constructor(options: Partial<WedgeOptions> = {}) {
    const avgMs = options.avgMs ?? DEFAULT_WEDGE_OPTIONS.avgMs;
    this.options = {
      avgMs,
      minLength: options.minLength ?? DEFAULT_WEDGE_OPTIONS.minLength,
      suffixKeys: options.suffixKeys ?? DEFAULT_WEDGE_OPTIONS.suffixKeys,
      maxGapMs: options.maxGapMs ?? avgMs * 2,
    };
  }

  /** Whether keys are being held (the caller keeps a flush timer running while true). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Feed one keydown. */
  feed(ev: WedgeKey): WedgeDecision {
    if (IGNORED.has(ev.key)) return { release: [], key: 'pass', scan: null };
    const printable = ev.key.length === 1 && !ev.ctrlKey && !ev.altKey && !ev.metaKey;
    const stale = this.held.length > 0 && ev.timeStamp - this.lastAt > this.options.maxGapMs;

    if (printable) {
      const release = stale ? this.take() : [];
      if (this.held.length === 0) this.firstAt = ev.timeStamp;
      this.held.push(ev.key);
      this.lastAt = ev.timeStamp;
      return { release, key: 'hold', scan: null };
    }

    if (
      this.options.suffixKeys.includes(ev.key) &&
      !stale &&
      this.qualifies(ev.timeStamp, this.held.length)
    ) {
      return { release: [], key: 'swallow', scan: this.take().join('') };
    }
    return { release: this.take(), key: 'pass', scan: null };
  }

  /**
   * No key for maxGapMs: the held keys are typing — or, when no suffix is configured,
   * a qualifying burst is a scan.
   */
  flush(): { release: string[]; scan: string | null } {
    if (this.options.suffixKeys.length === 0 && this.qualifies(this.lastAt, this.held.length - 1)) {
      return { release: [], scan: this.take().join('') };
    }
    return { release: this.take(), scan: null };
  }

  /**
   * The burst so far, ending at `endAt` after `gaps` inter-key gaps (n with a suffix
   * key, n − 1 without), is long and fast enough to be a scan.
   */
  private qualifies(endAt: number, gaps: number): boolean {
    if (this.held.length < this.options.minLength) return false;
    return gaps <= 0 || (endAt - this.firstAt) / gaps <= this.options.avgMs;
  }

  private take(): string[] {
    const keys = this.held;
    this.held = [];
    return keys;
  }
}
