// Electron main process. Thin on purpose: one window, security, lifecycle, and the IPC router
// over the hardware host services. No business logic lives here.
//
// Flags: --kiosk (or TILL_KIOSK=1) for a full-screen till with no window chrome;
// TILL_DEV_SERVER_URL=http://127.0.0.1:5173 loads the Vite dev server (unpackaged only);
// TILL_HEAD_OFFICE_URL adds the head office to the page's connect-src;
// TILL_VIRTUAL_PRINTER=off does not start the virtual printer (a printer whose address is
// `virtual` then answers not_configured). Receipts of the virtual printer go to
// <userData>/receipts.
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHostServices, type RunningHostServices } from '../hardware/host-services';
import { createPrinterDriver } from '../hardware/printer-driver';
import { listSerialPorts } from '../hardware/serial/list-ports';
import { startSerialScanner } from '../hardware/serial/serial-scanner';
import { createFileSettingsStore } from '../hardware/settings/settings-store';
import { VirtualPrinter } from '../hardware/virtual-printer';
import { contentTypeFor } from './content-types';
import { registerIpcRouter, type IpcRouter } from './ipc-router';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  buildCsp,
  connectOriginsFrom,
  hardenSession,
  hardenWebContents,
  isAppUrl,
  resolveAppPath,
} from './security';

const log = (message: string) => console.log(`[main] ${message}`);
const kiosk = process.argv.includes('--kiosk') || process.env.TILL_KIOSK === '1';
const devServer = app.isPackaged ? null : (process.env.TILL_DEV_SERVER_URL ?? null);
const isApp = (url: string) => isAppUrl(url, devServer);
/** Built renderer (vite build → dist/renderer), inside the asar when packaged. */
const rendererRoot = join(app.getAppPath(), 'dist', 'renderer');
/**
 * The till's configuration (store, terminal, head office) for this machine: served to the
 * page as app://till/till-config.json, like the browser-mode server does.
 */
const tillConfigPath = join(app.getPath('userData'), 'till-config.json');

/** The head office URL in till-config.json, for connect-src; read once at start. */
function configuredHeadOffice(): string {
  try {
    const config = JSON.parse(readFileSync(tillConfigPath, 'utf8')) as {
      headOffice?: { url?: unknown };
    };
    return typeof config.headOffice?.url === 'string' ? config.headOffice.url : '';
  } catch {
    return '';
  }
}
const csp = buildCsp(
  connectOriginsFrom([process.env.TILL_HEAD_OFFICE_URL ?? '', configuredHeadOffice()]),
);

// Every renderer sandboxed, whatever a window's options say (must run before `ready`).
app.enableSandbox();

// Must run before `ready`: app:// behaves like https (secure context, IndexedDB, fetch).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let services: RunningHostServices | null = null;
let router: IpcRouter | null = null;
let virtualPrinter: VirtualPrinter | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would otherwise open links in a new window (auxclick).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devServer ?? APP_ENTRY_URL);
  return win;
}

/** Serves the built renderer on app://till/ with the CSP header; 404 outside the folder. */
async function serveApp(request: Request): Promise<Response> {
  const bundled = resolveAppPath(request.url, rendererRoot, sep);
  const file =
    bundled === join(rendererRoot, 'till-config.json') && existsSync(tillConfigPath)
      ? tillConfigPath
      : bundled;
  if (file === null || !existsSync(file)) return new Response('Not found', { status: 404 });
  const res = await net.fetch(pathToFileURL(file).toString());
  const headers = new Headers(res.headers);
  headers.set('Content-Security-Policy', csp);
  headers.set('X-Content-Type-Options', 'nosniff');
  const type = contentTypeFor(file);
  if (type) headers.set('Content-Type', type);
  return new Response(res.body, { status: res.status, headers });
}

async function startHost(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = createFileSettingsStore(join(userData, 'devices.json'));
  if (process.env.TILL_VIRTUAL_PRINTER !== 'off') {
    // The demo default: a printer at 127.0.0.1 that shows what would have printed.
    virtualPrinter = await VirtualPrinter.start({ outDir: join(userData, 'receipts') });
    log(`virtual printer ${virtualPrinter.address} → ${join(userData, 'receipts')}`);
  }
  services = await createHostServices({
    settings,
    printer: createPrinterDriver(virtualPrinter ? { virtualAddress: virtualPrinter.address } : {}),
    listPorts: () => listSerialPorts({ log }),
    startScanner: startSerialScanner,
    statusPollMs: 5_000,
    log,
    onDrawerOpened: (e) => log(`drawer audit ${JSON.stringify(e)}`),
  });
  router = registerIpcRouter({
    ipcMain,
    services,
    isAppUrl: isApp,
    eventTargets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
}

if (!app.requestSingleInstanceLock()) {
  // One till per terminal: a second launch focuses the first window and exits.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isApp, log);
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', () => {
    router?.dispose();
    void services?.close();
    void virtualPrinter?.stop();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, csp, log);
    protocol.handle(APP_SCHEME, serveApp);
    await startHost();
    mainWindow = createWindow();
  });
}
