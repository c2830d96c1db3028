// Security policy of the Electron shell, as plain functions over injected Electron objects so
// they are unit-tested in Node. main.ts applies them to the real session and windows.
//
// The till page is served from the privileged custom scheme `app://till/` (a standard,
// secure origin: IndexedDB and Web Locks work, file:// quirks do not apply). Everything the
// page may reach is listed in the CSP; it may not navigate, open windows, attach webviews or
// get any permission (camera, notifications, …).

export const APP_SCHEME = 'app';
export const APP_HOST = 'till';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for URLs of the till page. Non-special schemes have an opaque WHATWG origin
 * ("null"), so protocol and host are compared instead. `devServer` is the Vite dev server
 * origin, allowed only when main was started with it.
 */
export function isAppUrl(url: string, devServer: string | null = null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  return devServer !== null && u.origin === new URL(devServer).origin;
}

/**
 * Content-Security-Policy for the till page. `connect` lists extra origins the page fetches
 * from (the head office). No inline script, no eval, no plugins, no framing.
 */
export function buildCsp(connect: readonly string[] = []): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Vite emits CSS files; React sets style properties through CSSOM (not blocked by CSP).
    'style-src': ["'self'"],
    // The receipt preview (domain/receipt/receipt-html.ts) lays the paper out with inline
    // style attributes. Attributes only: <style> elements and all script stay 'self'.
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connect],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Only http(s) origins may be added to connect-src (head office), never wildcards. */
export function connectOriginsFrom(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of urls) {
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' || u.protocol === 'https:') out.push(u.origin);
    } catch {
      // ignored: a bad head-office URL is reported by the sync settings, not here
    }
  }
  return out;
}

// ---- session and window hardening over injected objects

interface PreventableEvent {
  preventDefault(): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Denies every permission request and check; adds the CSP header to every response. */
export function hardenSession(
  session: SessionLike,
  csp: string,
  log: (message: string) => void = () => {},
): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', l: (e: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', l: (e: PreventableEvent) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Blocks navigation away from the till page (in-app route changes are history API calls and
 * never fire will-navigate), all new windows and all webviews.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  isApp: (url: string) => boolean,
  log: (message: string) => void = () => {},
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isApp(url)) {
      event.preventDefault();
      log(`blocked navigation to ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isApp(url)) {
      event.preventDefault();
      log(`blocked redirect to ${url}`);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}

/**
 * Resolves an `app://till/<path>` request to a file under `root`, or null when it would
 * escape it (`..`, encoded slashes) — the protocol handler answers 404 then.
 */
export function resolveAppPath(requestUrl: string, root: string, sep = '/'): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const parts = pathname.split('/').filter((p) => p.length > 0 && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const rel = parts.length === 0 ? 'index.html' : parts.join(sep);
  return `${root.replace(/[\\/]+$/, '')}${sep}${rel}`;
}
