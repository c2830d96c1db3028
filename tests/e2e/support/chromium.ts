// Debian chromium driven by playwright-core over CDP. We spawn the browser ourselves
// (instead of chromium.launch) so we own its PID: the crash test SIGKILLs it, and every
// test stops exactly the processes it started. Never downloads a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.TILL_CHROMIUM ?? '/usr/bin/chromium';

/** Flags checked on this kind of machine (FIELD-NOTES.md, Browser). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Debian chromium is missing at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` ` +
        '(the end-to-end tests never download a browser).',
    );
  }
}

export interface RunningChromium {
  browser: Browser;
  /** The default context of the profile (persistent when userDataDir was given). */
  context: BrowserContext;
  /** PID of the browser process (leader of its own process group). */
  pid: number;
  userDataDir: string;
  /** SIGKILL the whole browser process group at once — a power cut, as far as Chromium knows. */
  kill(): Promise<void>;
  /** Close politely (or kill if that hangs) and remove a temporary profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A profile to reuse across launches; default a fresh temporary one, removed on close. */
  userDataDir?: string;
  extraArgs?: string[];
}

/** Start chromium with remote debugging on a free port and connect playwright to it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<RunningChromium> {
  assertChromium();
  const temporary = options.userDataDir === undefined;
  const userDataDir =
    options.userDataDir ?? (await mkdtemp(path.join(tmpdir(), 'till-e2e-profile-')));
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      ...(options.extraArgs ?? []),
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('chromium did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let wsEndpoint: string;
  try {
    wsEndpoint = await devToolsEndpoint(child);
  } catch (err) {
    killGroup(pid);
    await exited;
    throw err;
  }
  const browser = await chromium.connectOverCDP(wsEndpoint);
  const context = browser.contexts()[0];
  if (context === undefined) throw new Error('chromium has no default context');

  let gone = false;
  const kill = async (): Promise<void> => {
    if (gone) return;
    gone = true;
    killGroup(pid);
    await exited;
    await browser.close().catch(() => undefined);
  };
  return {
    browser,
    context,
    pid,
    userDataDir,
    kill,
    async close() {
      if (!gone) {
        // Ask the browser to shut down cleanly (flushes the profile), then make sure.
        const closed = (async () => {
          const session = await browser.newBrowserCDPSession();
          await session.send('Browser.close').catch(() => undefined);
          await exited;
        })().catch(() => undefined);
        await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
        await kill();
      }
      if (temporary) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Read "DevTools listening on ws://…" from chromium's stderr. */
function devToolsEndpoint(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      reject(new Error(`chromium gave no DevTools endpoint in ${timeoutMs} ms:\n${buffer}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/u.exec(buffer);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited (${code}) before it listened:\n${buffer}`));
    });
  });
}
