import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeDecision } from './wedge-detector';

/** Feed `text` one key every `gapMs` from `start`, then `suffix` one gap later. */
function type(
  d: WedgeDetector,
  text: string,
  gapMs: number,
  suffix: string | null = 'Enter',
  start = 1000,
): { decisions: WedgeDecision[]; scans: string[]; released: string; end: number } {
  const decisions: WedgeDecision[] = [];
  let t = start;
  for (const key of text) {
    decisions.push(d.feed({ key, timeStamp: t }));
    t += gapMs;
  }
  if (suffix !== null) decisions.push(d.feed({ key: suffix, timeStamp: t }));
  return {
    decisions,
    scans: decisions.flatMap((x) => (x.scan === null ? [] : [x.scan])),
    released: decisions.flatMap((x) => x.release).join(''),
    end: t,
  };
}

describe('WedgeDetector', () => {
  it('recognises a fast scan ending in Enter and swallows every key', () => {
    const d = new WedgeDetector();
    const r = type(d, '6901234567892', 8);
    expect(r.scans).toEqual(['6901234567892']);
    expect(r.released).toBe('');
    expect(r.decisions.slice(0, -1).every((x) => x.key === 'hold')).toBe(true);
    expect(r.decisions.at(-1)?.key).toBe('swallow');
    expect(d.holding).toBe(false);
  });

  it('recognises a slow scanner at 16 ms a key', () => {
    const r = type(new WedgeDetector(), '6901234567892', 16);
    expect(r.scans).toEqual(['6901234567892']);
  });

  it('recognises a scan ending in Tab', () => {
    const r = type(new WedgeDetector(), 'ABC-12345', 8, 'Tab');
    expect(r.scans).toEqual(['ABC-12345']);
    expect(r.decisions.at(-1)?.key).toBe('swallow');
  });

  it('ignores Shift presses inside a scan (scanners press it for capitals)', () => {
    const d = new WedgeDetector();
    let t = 0;
    const out: WedgeDecision[] = [];
    for (const key of ['Shift', 'A', 'Shift', 'B', '1', '2', '3', '4', 'Enter']) {
      out.push(d.feed({ key, timeStamp: t }));
      t += 7;
    }
    expect(out.at(-1)?.scan).toBe('AB1234');
    expect(out[0]?.key).toBe('pass');
  });

  it('releases human typing (120 ms a key) to the field and lets Enter through', () => {
    const d = new WedgeDetector();
    const r = type(d, '6901234567892', 120);
    expect(r.scans).toEqual([]);
    expect(r.released).toBe('6901234567892');
    expect(r.decisions.at(-1)).toEqual({ release: ['2'], key: 'pass', scan: null });
  });

  it('treats a fast burst shorter than minLength as typing', () => {
    const d = new WedgeDetector();
    const r = type(d, '12345', 8);
    expect(r.scans).toEqual([]);
    expect(r.released).toBe('12345');
    expect(r.decisions.at(-1)?.key).toBe('pass');
  });

  it('treats a fast burst with no suffix as typing once the caller flushes', () => {
    const d = new WedgeDetector();
    type(d, '6901234567892', 8, null);
    expect(d.holding).toBe(true);
    expect(d.flush()).toEqual({ release: [...'6901234567892'], scan: null });
    expect(d.holding).toBe(false);
  });

  it('accepts suffix-less scanners when no suffix keys are configured', () => {
    const d = new WedgeDetector({ suffixKeys: [] });
    type(d, '6901234567892', 8, null);
    expect(d.flush()).toEqual({ release: [], scan: '6901234567892' });
    const slow = new WedgeDetector({ suffixKeys: [] });
    type(slow, '123456', 50, null);
    expect(slow.flush().scan).toBeNull();
  });

  it('separates typing followed by a scan (mixed): typed keys released, scan clean', () => {
    const d = new WedgeDetector();
    const typed = type(d, '12', 150, null, 0);
    const scan = type(d, '6901234567892', 8, 'Enter', typed.end + 200);
    expect(typed.released + scan.released).toBe('12');
    expect(scan.scans).toEqual(['6901234567892']);
  });

  it('does not let a late Enter turn a fast burst into a scan', () => {
    const d = new WedgeDetector();
    const r = type(d, '6901234567892', 8, null, 0);
    const enter = d.feed({ key: 'Enter', timeStamp: r.end + 500 });
    expect(enter).toEqual({ release: [...'6901234567892'], key: 'pass', scan: null });
  });

  it('uses the average gap: one slow key inside an otherwise fast scan still scans', () => {
    const d = new WedgeDetector();
    const times = [0, 8, 16, 24, 80, 88, 96, 104, 112]; // one 56 ms gap, average 14 ms
    const out = times.map((t, i) => d.feed({ key: String(i), timeStamp: t }));
    out.push(d.feed({ key: 'Enter', timeStamp: 120 }));
    expect(out.at(-1)?.scan).toBe('012345678');
  });

  it('releases held keys when a non-printable key or a shortcut arrives', () => {
    const d = new WedgeDetector();
    d.feed({ key: '3', timeStamp: 0 });
    expect(d.feed({ key: 'Backspace', timeStamp: 5 })).toEqual({
      release: ['3'],
      key: 'pass',
      scan: null,
    });
    d.feed({ key: 'a', timeStamp: 10 });
    expect(d.feed({ key: 'c', timeStamp: 12, ctrlKey: true }).release).toEqual(['a']);
  });

  it('honours configured timing', () => {
    const strict = new WedgeDetector({ avgMs: 10, minLength: 8 });
    expect(type(strict, '6901234567892', 16).scans).toEqual([]);
    const lax = new WedgeDetector({ avgMs: 50, maxGapMs: 100, minLength: 4 });
    expect(type(lax, '1234', 40).scans).toEqual(['1234']);
  });
});
