import { describe, expect, it } from 'vitest';
import {
  buildCsp,
  connectOriginsFrom,
  hardenSession,
  hardenWebContents,
  isAppUrl,
  resolveAppPath,
  type SessionLike,
  type WebContentsLike,
} from './security';

describe('isAppUrl', () => {
  it('accepts the till page and nothing else', () => {
    expect(isAppUrl('app://till/index.html')).toBe(true);
    expect(isAppUrl('app://till/assets/x.js')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://till/')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
  it('accepts the dev server only when one is given', () => {
    expect(isAppUrl('http://127.0.0.1:5173/', null)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5174/x', 'http://127.0.0.1:5173')).toBe(false);
  });
});

describe('CSP', () => {
  it('allows no inline or eval script, no wildcards, inline style attributes only', () => {
    const csp = buildCsp(connectOriginsFrom(['https://ho.example.com/api', 'javascript:alert(1)']));
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    const unsafe = csp.split('; ').filter((d) => d.includes("'unsafe-inline'"));
    expect(unsafe).toEqual(["style-src-attr 'unsafe-inline'"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' https://ho.example.com");
    expect(csp).not.toContain('javascript');
  });
});

describe('hardenSession', () => {
  it('denies permission requests and checks, and sets the CSP header on responses', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
    let headers: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    hardenSession(
      {
        setPermissionRequestHandler: (h) => (request = h),
        setPermissionCheckHandler: (h) => (check = h),
        webRequest: { onHeadersReceived: (l) => (headers = l) },
      },
      "default-src 'self'",
    );
    const granted: boolean[] = [];
    request!(null, 'media', (g) => granted.push(g));
    request!(null, 'notifications', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(check!(null, 'clipboard-read')).toBe(false);
    let out: Record<string, string[]> = {};
    headers!(
      { url: 'app://till/', responseHeaders: { 'content-security-policy': ['*'], 'X-A': ['1'] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});

describe('hardenWebContents', () => {
  it('blocks navigation off the app, every new window and every webview', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents = {
      on: (event: string, l: (e: { preventDefault(): void }, url?: string) => void) => {
        listeners.set(event, l);
      },
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (openHandler = h),
    } as unknown as WebContentsLike;
    hardenWebContents(contents, (u) => isAppUrl(u));
    const fire = (event: string, url?: string) => {
      let prevented = false;
      listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://till/index.html')).toBe(false);
    expect(fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(openHandler!({ url: 'app://till/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('resolveAppPath', () => {
  const root = '/opt/till/dist/renderer';
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppPath('app://till/', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://till/assets/index-abc.js?v=1', root)).toBe(
      `${root}/assets/index-abc.js`,
    );
  });
  it('refuses anything that would leave it', () => {
    // The URL parser folds encoded dot segments itself: the result stays inside root.
    expect(resolveAppPath('app://till/%2e%2e/%2e%2e/etc/passwd', root)).toBe(`${root}/etc/passwd`);
    expect(resolveAppPath('app://till/a%2F..%2F..%2Fx', root)).toBeNull();
    expect(resolveAppPath('app://till/a%5c..%5c..%5cx', root)).toBeNull();
    expect(resolveAppPath('app://till/a%00b', root)).toBeNull();
    expect(resolveAppPath('app://other/index.html', root)).toBeNull();
    expect(resolveAppPath('file:///etc/passwd', root)).toBeNull();
  });
});
