// Smoke test of the real main process bundle without an Electron binary: electron/main.ts is
// bundled with esbuild exactly as electron/build.ts does, then run in Node with a recording
// fake of the `electron` module. Checks the wiring the security review relies on.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

function fakeElectron(userData: string, appPath: string) {
  const calls: string[] = [];
  let protocolHandler: ((r: Request) => Promise<Response>) | null = null;
  const appListeners = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, Listener>();
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  const session = {
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    headers: null as Listener | null,
  };

  class FakeWebContents {
    listeners = new Map<string, Listener>();
    openHandler: Listener | null = null;
    on(event: string, l: Listener) {
      this.listeners.set(event, l);
    }
    setWindowOpenHandler(h: Listener) {
      this.openHandler = h;
    }
    isDestroyed() {
      return false;
    }
    send() {}
  }
  class FakeWindow {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(
      readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>,
    ) {
      calls.push('new BrowserWindow');
      windows.push(this);
      appListeners.get('web-contents-created')?.({}, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      getAppPath: () => appPath,
      getPath: () => userData,
      requestSingleInstanceLock: () => {
        calls.push('requestSingleInstanceLock');
        return true;
      },
      on: (event: string, l: Listener) => void appListeners.set(event, l),
      whenReady: () => ready,
      enableSandbox: () => calls.push('enableSandbox'),
      quit: () => calls.push('quit'),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) =>
        calls.push(`registerSchemes ${JSON.stringify(s)}`),
      handle: (scheme: string, h: (r: Request) => Promise<Response>) => {
        calls.push(`protocol.handle ${scheme}`);
        protocolHandler = h;
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (session.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (session.permissionCheck = h),
        webRequest: { onHeadersReceived: (l: Listener) => (session.headers = l) },
      },
    },
    ipcMain: {
      handle: (channel: string, l: Listener) => void handlers.set(channel, l),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    net: {
      fetch: async (url: string) => new Response(readFileSync(fileURLToPath(url))),
    },
    BrowserWindow: FakeWindow,
  };
  return {
    electron,
    calls,
    appListeners,
    windows,
    handlers,
    session,
    fireReady: readyResolve,
    fetchApp: (url: string) => protocolHandler!(new Request(url)),
  };
}

describe('electron main (bundled, fake electron module)', () => {
  let userData: string;
  let appPath: string;
  let fake: ReturnType<typeof fakeElectron>;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'till-main-'));
    appPath = mkdtempSync(join(tmpdir(), 'till-app-'));
    mkdirSync(join(appPath, 'dist', 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(appPath, 'dist', 'renderer', 'assets', 'index-abc.js'), 'export {};');
    writeFileSync(
      join(appPath, 'dist', 'renderer', 'index.html'),
      '<!doctype html><title>Till</title>',
    );
    writeFileSync(
      join(userData, 'till-config.json'),
      JSON.stringify({ headOffice: { url: 'https://ho.example.com/till' } }),
    );
    const out = await build({
      entryPoints: [join(import.meta.dirname, 'main.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    fake = fakeElectron(userData, appPath);
    const realRequire = createRequire(import.meta.url);
    const requireShim = (id: string) => (id === 'electron' ? fake.electron : realRequire(id));
    const mod = { exports: {} };
    process.env.TILL_VIRTUAL_PRINTER = 'off';
    new Function('require', 'module', 'exports', '__dirname', '__filename', code)(
      requireShim,
      mod,
      mod.exports,
      '/opt/till/dist-electron',
      '/opt/till/dist-electron/main.cjs',
    );
    fake.fireReady();
    const deadline = Date.now() + 5_000;
    while (fake.windows.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(async () => {
    await fake.appListeners.get('will-quit')?.();
    delete process.env.TILL_VIRTUAL_PRINTER;
    rmSync(userData, { recursive: true, force: true });
    rmSync(appPath, { recursive: true, force: true });
  });

  it('sandboxes every renderer, registers app:// before ready, takes the single-instance lock', () => {
    expect(fake.calls[0]).toBe('enableSandbox');
    expect(fake.calls[1]).toBe(
      'registerSchemes [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}]',
    );
    expect(fake.calls).toContain('requestSingleInstanceLock');
    expect(fake.calls).toContain('protocol.handle app');
    expect(fake.appListeners.has('second-instance')).toBe(true);
  });

  it('opens one window, sandboxed and isolated, on app://till', () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/till/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(win.loaded).toBe('app://till/index.html');
  });

  it('hardens the window: navigation, new windows, webviews', () => {
    const wc = fake.windows[0]!.webContents;
    expect([...wc.listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-navigate',
      'will-redirect',
    ]);
    expect(wc.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('denies permissions and sets a CSP header', () => {
    const granted: boolean[] = [];
    fake.session.permissionRequest?.({}, 'media', (g: boolean) => granted.push(g));
    expect(granted).toEqual([false]);
    let headers: Record<string, string[]> = {};
    fake.session.headers?.(
      { url: 'app://till/', responseHeaders: {} },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    expect(headers['Content-Security-Policy']?.[0]).toMatch(
      /^default-src 'self'; script-src 'self'/,
    );
  });

  it('registers the TillHost IPC channels', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([
      'till:read:printer:status',
      'till:read:scanner:list',
      'till:read:settings:get',
      'till:write:drawer:open',
      'till:write:printer:print',
      'till:write:settings:set',
    ]);
  });

  it('serves the renderer on app://till with the CSP, and the machine’s till-config.json', async () => {
    const page = await fake.fetchApp('app://till/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Till</title>');
    expect(page.headers.get('Content-Security-Policy')).toContain(
      "connect-src 'self' https://ho.example.com",
    );
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const script = await fake.fetchApp('app://till/assets/index-abc.js');
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const config = await fake.fetchApp('app://till/till-config.json');
    expect(await config.json()).toEqual({ headOffice: { url: 'https://ho.example.com/till' } });
    expect((await fake.fetchApp('app://till/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await fake.fetchApp('app://till/a%2F..%2F..%2Fx')).status).toBe(404);
  });
});
