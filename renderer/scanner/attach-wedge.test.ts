import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachWedge, insertIntoField } from './attach-wedge';

/** A keydown with a chosen timeStamp (Node has Event but no KeyboardEvent). */
class FakeKey extends Event {
  constructor(
    readonly key: string,
    private readonly at: number,
  ) {
    super('keydown', { cancelable: true });
  }
  override get timeStamp(): number {
    return this.at;
  }
}

/** A page: our listener first, then "the app" (the focused field's handler). */
function page(opts: { enabled?: () => boolean } = {}) {
  const target = new EventTarget();
  const scans: string[] = [];
  const delivered: string[] = [];
  const appSaw: string[] = [];
  const detach = attachWedge({
    target,
    onScan: (code) => scans.push(code),
    deliver: (text) => delivered.push(text),
    ...opts,
  });
  target.addEventListener('keydown', (e) => appSaw.push((e as FakeKey).key));
  let now = 0;
  const press = (keys: string, gapMs: number, suffix: string | null = 'Enter') => {
    const events: FakeKey[] = [];
    for (const key of [...keys, ...(suffix ? [suffix] : [])]) {
      const ev = new FakeKey(key, now);
      target.dispatchEvent(ev);
      events.push(ev);
      now += gapMs;
      vi.advanceTimersByTime(gapMs);
    }
    return events;
  };
  return { scans, delivered, appSaw, detach, press };
}

describe('attachWedge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a fast burst into a scan that never reaches the app or the field', () => {
    const p = page();
    const events = p.press('6901234567892', 8);
    expect(p.scans).toEqual(['6901234567892']);
    expect(p.appSaw).toEqual([]);
    expect(p.delivered).toEqual([]);
    expect(events.every((e) => e.defaultPrevented)).toBe(true);
  });

  it('re-delivers human typing in order and lets the Enter through', () => {
    const p = page();
    p.press('12', 150);
    expect(p.scans).toEqual([]);
    expect(p.delivered.join('')).toBe('12');
    expect(p.appSaw).toEqual(['Enter']);
  });

  it('releases held keys when no further key comes within maxGapMs', () => {
    const p = page();
    p.press('3', 0, null);
    expect(p.delivered).toEqual([]);
    vi.advanceTimersByTime(61);
    expect(p.delivered).toEqual(['3']);
  });

  it('releases a short fast burst as typing before its Enter is handled', () => {
    const p = page();
    const events = p.press('12', 5);
    expect(p.delivered).toEqual(['12']);
    expect(p.appSaw).toEqual(['Enter']);
    expect(events.at(-1)?.defaultPrevented).toBe(false);
  });

  it('lets keys straight through while disabled', () => {
    let on = false;
    const p = page({ enabled: () => on });
    p.press('6901234567892', 8);
    expect(p.scans).toEqual([]);
    expect(p.appSaw.join('')).toBe('6901234567892Enter');
    on = true;
    p.press('6901234567892', 8);
    expect(p.scans).toEqual(['6901234567892']);
  });

  it('releases what it holds when detached, then stops listening', () => {
    const p = page();
    p.press('45', 5, null);
    p.detach();
    expect(p.delivered).toEqual(['45']);
    p.press('6901234567892', 8);
    expect(p.scans).toEqual([]);
  });
});

/** A minimal text field with the parts of HTMLInputElement the delivery uses. */
class FakeField extends EventTarget {
  value = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  readOnly = false;
  setRangeText(text: string, start: number, end: number): void {
    this.value = this.value.slice(0, start) + text + this.value.slice(end);
    this.selectionStart = this.selectionEnd = start + text.length;
  }
}

describe('insertIntoField', () => {
  it('inserts at the caret, replacing the selection, and fires input', () => {
    const field = new FakeField();
    field.value = '1x5';
    field.selectionStart = 1;
    field.selectionEnd = 2;
    const inputs: string[] = [];
    field.addEventListener('input', () => inputs.push(field.value));
    insertIntoField(field, '23');
    expect(field.value).toBe('1235');
    expect(inputs).toEqual(['1235']);
  });

  it('appends when the field has no selection (number inputs)', () => {
    const field = new FakeField();
    field.value = '4';
    field.selectionStart = null;
    insertIntoField(field, '2');
    expect(field.value).toBe('42');
  });

  it('leaves a read-only field alone', () => {
    const field = new FakeField();
    field.readOnly = true;
    insertIntoField(field, '9');
    expect(field.value).toBe('');
  });
});
