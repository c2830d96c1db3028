// A real serial link: socat makes a pty pair; the scanner service opens one end with the real
// serialport binding and the test "scans" by writing to the other end. Unplugging is killing
// socat (the ptys vanish); replugging is starting socat again on the same link paths.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../contract/till-host';
import { startSerialScanner, type SerialScanner, type SerialScannerState } from './serial-scanner';

const SOCAT = '/usr/bin/socat';

async function waitFor(probe: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('serial scanner over a socat pty pair', () => {
  let dir: string;
  let socat: ChildProcess | null = null;
  let scanner: SerialScanner | null = null;
  let deviceEnd: string;
  let hostEnd: string;

  beforeAll(() => {
    // Fail loudly: a missing socat must not turn into a skipped or green test.
    const probe = spawnSync(SOCAT, ['-V'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error(
        `socat is required for this test (apt-get install socat): ${probe.error?.message ?? probe.stderr}`,
      );
    }
  });

  async function plugIn(): Promise<void> {
    const child = spawn(
      SOCAT,
      [`pty,raw,echo=0,link=${hostEnd}`, `pty,raw,echo=0,link=${deviceEnd}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    socat = child;
    await waitFor(() => existsSync(hostEnd) && existsSync(deviceEnd), 'socat links');
  }

  async function unplug(): Promise<void> {
    const child = socat;
    socat = null;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(child.pid, 'SIGTERM');
    await exited;
    await waitFor(() => !existsSync(hostEnd), 'socat to remove its links');
  }

  /** What a scanner sends: the code and its suffix. */
  const scan = (text: string) => writeFileSync(deviceEnd, text, 'latin1');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'till-serial-'));
    hostEnd = join(dir, 'scanner-host');
    deviceEnd = join(dir, 'scanner-device');
    await plugIn();
  });

  afterEach(async () => {
    await scanner?.stop();
    scanner = null;
    await unplug();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers trimmed codes for CR, LF and CR LF suffixes, and drops noise', async () => {
    const scans: ScanEvent[] = [];
    const rejected: string[] = [];
    let state: SerialScannerState = 'connecting';
    scanner = startSerialScanner({
      path: hostEnd,
      baudRate: 9600,
      onScan: (s) => scans.push(s),
      onReject: (raw) => rejected.push(raw),
      onState: (s) => (state = s),
      now: () => '2026-11-23T10:00:00.000Z',
    });
    await waitFor(() => state === 'open', 'port open');
    scan('6901234567892\r');
    scan('  4006381333931\n');
    scan('9787111213826\r\n');
    scan('bad\x01code\r');
    await waitFor(() => scans.length === 3 && rejected.length === 1, 'three scans, one reject');
    expect(scans).toEqual([
      { code: '6901234567892', source: 'serial', port: hostEnd, at: '2026-11-23T10:00:00.000Z' },
      { code: '4006381333931', source: 'serial', port: hostEnd, at: '2026-11-23T10:00:00.000Z' },
      { code: '9787111213826', source: 'serial', port: hostEnd, at: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(rejected).toEqual(['bad\x01code']);
  });

  it('reconnects by itself after the scanner is unplugged and plugged back in', async () => {
    const scans: string[] = [];
    const states: string[] = [];
    scanner = startSerialScanner({
      path: hostEnd,
      baudRate: 9600,
      onScan: (s) => scans.push(s.code),
      onState: (s, detail) => states.push(detail ? `${s}: ${detail}` : s),
      backoff: { initialMs: 50, maxMs: 400 },
    });
    await waitFor(() => scanner?.state() === 'open', 'port open');
    scan('6901234567892\r');
    await waitFor(() => scans.length === 1, 'first scan');

    await unplug();
    await waitFor(() => scanner?.state() === 'waiting', 'the service to notice the unplug');
    expect(states.some((s) => s.startsWith('waiting: scanner unplugged'))).toBe(true);
    // While unplugged, opens fail and back off; let a few attempts happen.
    await new Promise((r) => setTimeout(r, 300));
    expect(scanner.state()).not.toBe('open');

    await plugIn();
    await waitFor(() => scanner?.state() === 'open', 'reopen after replug');
    scan('4006381333931\n');
    await waitFor(() => scans.length === 2, 'scan after replug');
    expect(scans).toEqual(['6901234567892', '4006381333931']);
  });

  it('keeps retrying a path that does not exist yet and opens it when it appears', async () => {
    await unplug();
    let opened = false;
    scanner = startSerialScanner({
      path: hostEnd,
      baudRate: 9600,
      onScan: () => {},
      onState: (s) => {
        if (s === 'open') opened = true;
      },
      backoff: { initialMs: 50, maxMs: 200 },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(scanner.state()).toBe('waiting');
    await plugIn();
    await waitFor(() => opened, 'open once the device appears');
  });
});
