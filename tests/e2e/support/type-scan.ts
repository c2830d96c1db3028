// A keyboard-wedge scanner, as the page sees one: real (trusted) keydown/keypress/keyup
// events `msPerKey` apart (scanners type every 7–8 ms, some 16 ms), then the Enter suffix.
//
// Sent over the DevTools protocol the way a scanner sends them: on its own clock, without
// waiting for the page. Each key is dispatched at its time, and the next key does not
// wait for the page to acknowledge the last. Playwright's keyboard.type waits for each
// key's round trip before the next, so on a loaded machine the page could see gaps of
// 60 ms and more inside one scan — a burst no scanner makes, which the wedge detector
// rightly takes for typing. A busy page now sees what it would see from a scanner: keys
// queued behind its work, none held back by it. Chromium stamps each event as it
// receives it (as with keyboard.type), so a key's timeStamp stays on the page's clock.
import type { CDPSession, Page } from 'playwright-core';

interface KeyFields {
  key: string;
  code?: string;
  text: string;
  windowsVirtualKeyCode?: number;
}

function keyFields(ch: string): KeyFields {
  if (ch === '\n') return { key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 };
  if (/^[0-9]$/.test(ch)) {
    return { key: ch, code: `Digit${ch}`, text: ch, windowsVirtualKeyCode: ch.charCodeAt(0) };
  }
  if (/^[a-zA-Z]$/.test(ch)) {
    const upper = ch.toUpperCase();
    return { key: ch, code: `Key${upper}`, text: ch, windowsVirtualKeyCode: upper.charCodeAt(0) };
  }
  return { key: ch, text: ch };
}

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** One CDP session per page, reused by every scan on it. */
const sessions = new WeakMap<Page, Promise<CDPSession>>();

function sessionFor(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

export async function typeScan(page: Page, code: string, msPerKey = 8): Promise<void> {
  const cdp = await sessionFor(page);
  const sent: Promise<unknown>[] = [];
  const start = performance.now();
  for (const [i, ch] of [...`${code}\n`].entries()) {
    await sleepUntil(start + i * msPerKey);
    const fields = keyFields(ch);
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...fields }));
    sent.push(
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        key: fields.key,
        code: fields.code,
        windowsVirtualKeyCode: fields.windowsVirtualKeyCode,
      }),
    );
  }
  // Every key has reached the page (and its keydown handlers have run) before this resolves.
  await Promise.all(sent);
}
