// Connects the wedge detector to the page. Listens to keydown on `window` in the
// CAPTURE phase, so it sees every key before any input or React handler does. While
// a burst might be a scan its keys are stopped (preventDefault + stopImmediatePropagation),
// so a scan never lands in the quantity field. If the burst turns out to be typing, the
// held characters are re-delivered to what has focus:
// - an editable text field: inserted at the caret with setRangeText and announced with
//   an `input` event (React's onChange fires, because setRangeText bypasses the value
//   setter React tracks);
// - anything else: re-dispatched as synthetic keydown events so the app's keyboard
//   shortcuts still work (our listener ignores its own synthetic events).
// Known limit: re-delivered characters into a field do not fire keydown/keypress, so a
// field-level key handler for printable keys sees only the input event.
import { WedgeDetector, type WedgeOptions } from './wedge-detector';

export interface AttachWedgeOptions extends Partial<WedgeOptions> {
  onScan(code: string): void;
  /** Where to listen; default `window`. */
  target?: EventTarget;
  /** Re-deliver typed characters; default `deliverToFocused(document)`. */
  deliver?: (text: string) => void;
  /** While this returns false keys go straight through (e.g. a PIN dialog). Default always on. */
  enabled?: () => boolean;
}

interface KeyLike extends Event {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  isComposing?: boolean;
}

/** Synthetic keydowns we dispatch ourselves; never fed back into the detector. */
const ourEvents = new WeakSet<Event>();

/** Start detecting scans. Returns a function that detaches (releasing anything held). */
export function attachWedge(options: AttachWedgeOptions): () => void {
  const detector = new WedgeDetector(options);
  const target = options.target ?? window;
  const deliver = options.deliver ?? ((text: string) => deliverToFocused(document, text));
  const enabled = options.enabled ?? (() => true);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const clearTimer = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const flush = (): void => {
    clearTimer();
    const { release, scan } = detector.flush();
    if (release.length > 0) deliver(release.join(''));
    if (scan !== null) options.onScan(scan);
  };

  const onKeyDown = (event: Event): void => {
    if (ourEvents.has(event)) return;
    const e = event as KeyLike;
    if (typeof e.key !== 'string') return;
    if (!enabled()) {
      if (detector.holding) flush();
      return;
    }
    const decision = e.isComposing
      ? { ...detector.flush(), key: 'pass' as const }
      : detector.feed({
          key: e.key,
          timeStamp: e.timeStamp,
          ctrlKey: e.ctrlKey,
          altKey: e.altKey,
          metaKey: e.metaKey,
        });
    if (decision.release.length > 0) deliver(decision.release.join(''));
    if (decision.key !== 'pass') {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    clearTimer();
    // No key for maxGapMs ends the burst: held keys are released as typing.
    if (detector.holding) timer = setTimeout(flush, detector.options.maxGapMs);
    if (decision.scan !== null) options.onScan(decision.scan);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    flush();
  };
}

/** A text field we can insert into: input/textarea (duck-typed so it runs outside a DOM). */
interface TextFieldLike extends EventTarget {
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
  readOnly?: boolean;
  disabled?: boolean;
  setRangeText(text: string, start: number, end: number, mode: 'end'): void;
}

function isTextField(el: unknown): el is TextFieldLike {
  return (
    typeof el === 'object' &&
    el !== null &&
    'setRangeText' in el &&
    typeof (el as { value?: unknown }).value === 'string'
  );
}

/** Insert typed text into a text field at its caret, as if typed, and announce it. */
export function insertIntoField(el: TextFieldLike, text: string): void {
  if (el.readOnly || el.disabled) return;
  const start = el.selectionStart;
  if (start !== null) {
    el.setRangeText(text, start, el.selectionEnd ?? start, 'end');
  } else {
    // type=number/email have no selection: append through the prototype's setter
    // (not the instance one React wraps), so React still sees a change.
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')?.set;
    if (setter) setter.call(el, el.value + text);
    else el.value += text;
  }
  const InputEventCtor = (globalThis as { InputEvent?: typeof InputEvent }).InputEvent;
  el.dispatchEvent(
    InputEventCtor
      ? new InputEventCtor('input', { bubbles: true, inputType: 'insertText', data: text })
      : new Event('input', { bubbles: true }),
  );
}

/** Default delivery: into the focused text field, else as synthetic keydowns. */
export function deliverToFocused(doc: Document, text: string): void {
  const el = doc.activeElement;
  if (isTextField(el)) {
    insertIntoField(el, text);
    return;
  }
  const at: EventTarget = el ?? doc.body;
  for (const key of text) {
    const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    ourEvents.add(ev);
    at.dispatchEvent(ev);
  }
}
