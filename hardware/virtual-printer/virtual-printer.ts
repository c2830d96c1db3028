// A virtual ESC/POS receipt printer on 127.0.0.1 for development, the demo and tests. It
// goes through the same code path as a real one (TCP, DLE EOT, ESC/POS bytes): records
// every byte, answers status requests in stream order, prints (decodes) a receipt at each
// cut, and can be put out of paper, opened, taken offline, made unresponsive or restarted
// on the same port from code. Like a real ESC/POS printer, it has ONE buffer for all
// connections: what arrives while it is offline / out of paper / open is held and printed
// when it is ready again (status requests and the real-time drawer pulse are answered at
// once); switching it off (stop / restart) loses what it held.
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { statusBytes } from '../printing/printer-status';
import { EscPosStream, type EscPosCommand } from './escpos-parser';
import { decodeCommands } from './escpos-text';

export interface VirtualPrinterState {
  /** false = the printer reports offline (DLE EOT 1 bit 3). */
  online: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  error: boolean;
  /** Drawer sensor; set by a kick, cleared by closeDrawer(). */
  drawerOpen: boolean;
  /** Accepts connections and data but never answers a status request (a hung printer). */
  unresponsive: boolean;
}

export interface VirtualReceipt {
  /** 1, 2, 3 … in print order. */
  index: number;
  /** ISO-8601 time it was cut. */
  at: string;
  lines: string[];
  text: string;
  barcodes: string[];
  qrCodes: string[];
  rasterImages: number;
  /** The bytes of this receipt (from the connection's first command to the cut). */
  bytes: Buffer;
  /** Text file written for it, or null when no output folder was given. */
  file: string | null;
}

export interface DrawerKickRecord {
  at: string;
  via: 'esc_p' | 'realtime_pulse';
  pin: number;
  hex: string;
}

export interface VirtualPrinterOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder for receipt .txt / .bin files; null (default) keeps them in memory only. */
  outDir?: string | null;
  /** Power-on Chinese mode (FS &) as most Chinese printers. Default true. */
  chineseMode?: boolean;
  now?: () => Date;
}

const READY_STATE: VirtualPrinterState = {
  online: true,
  paperEnd: false,
  paperNearEnd: false,
  coverOpen: false,
  error: false,
  drawerOpen: false,
  unresponsive: false,
};

const hex = (b: Uint8Array): string =>
  [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

export class VirtualPrinter {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private state: VirtualPrinterState = { ...READY_STATE };
  private chunks: Buffer[] = [];
  private listeners = new Set<(r: VirtualReceipt) => void>();
  private writes: Promise<unknown>[] = [];
  readonly receipts: VirtualReceipt[] = [];
  readonly drawerKicks: DrawerKickRecord[] = [];
  /** Status requests answered, by n. */
  readonly statusRequests: number[] = [];
  /** Commands waiting in the buffer because the printer is not ready. */
  private held: EscPosCommand[] = [];
  /** The receipt being printed: commands since the last cut, and the bytes received since. */
  private current: { commands: EscPosCommand[]; bytes: Buffer[] } = { commands: [], bytes: [] };
  private boundPort = 0;

  private constructor(private readonly opts: VirtualPrinterOptions) {}

  static async start(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
    const p = new VirtualPrinter(opts);
    if (opts.outDir) await mkdir(opts.outDir, { recursive: true });
    await p.listen(opts.port ?? 0);
    return p;
  }

  get port(): number {
    return this.boundPort;
  }

  /** tcp://127.0.0.1:PORT, the form printer settings take. */
  get address(): string {
    return `tcp://127.0.0.1:${this.boundPort}`;
  }

  /** Every byte received, across connections and restarts. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get running(): boolean {
    return this.server !== null;
  }

  getState(): VirtualPrinterState {
    return { ...this.state };
  }

  setState(change: Partial<VirtualPrinterState>): void {
    this.state = { ...this.state, ...change };
    // Ready again: print what waited in the buffer, in order.
    while (this.ready() && this.held.length > 0) this.process(this.held.shift() as EscPosCommand);
  }

  /** Commands held in the buffer while the printer is not ready. */
  get heldCommands(): number {
    return this.held.length;
  }

  /** Load paper, close cover, clear errors, come online. */
  makeReady(): void {
    this.setState({
      online: true,
      paperEnd: false,
      coverOpen: false,
      error: false,
      unresponsive: false,
    });
  }

  closeDrawer(): void {
    this.state.drawerOpen = false;
  }

  onReceipt(listener: (r: VirtualReceipt) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolve when at least `count` receipts have printed, or reject after `timeoutMs`. */
  waitForReceipts(count: number, timeoutMs = 5000): Promise<VirtualReceipt[]> {
    if (this.receipts.length >= count) return Promise.resolve(this.receipts.slice());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new Error(
            `Virtual printer: ${this.receipts.length} of ${count} receipts after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const off = this.onReceipt(() => {
        if (this.receipts.length >= count) {
          clearTimeout(timer);
          off();
          resolve(this.receipts.slice());
        }
      });
    });
  }

  /** Power off: close the listening socket and every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    // Power off: the buffer and a half-printed receipt are gone.
    this.held = [];
    this.current = { commands: [], bytes: [] };
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all(this.writes);
  }

  /** Power cycle on the same port; state returns to ready (as after switching on). */
  async restart(): Promise<void> {
    await this.stop();
    this.state = { ...READY_STATE };
    await this.listen(this.boundPort);
  }

  private ready(): boolean {
    const s = this.state;
    return s.online && !s.paperEnd && !s.coverOpen && !s.error;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        server.off('error', reject);
        const addr = server.address();
        this.boundPort = typeof addr === 'object' && addr !== null ? addr.port : port;
        this.server = server;
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const stream = new EscPosStream();
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.current.bytes.push(chunk);
      for (const cmd of stream.push(chunk)) {
        if (cmd.type === 'status_request') {
          this.statusRequests.push(cmd.n);
          if (!this.state.unresponsive) {
            const table = statusBytes(this.state);
            socket.write(Buffer.from([table[cmd.n as 1 | 2 | 4] ?? 0x12]));
          }
          continue;
        }
        if (cmd.type === 'realtime_pulse') {
          // Real-time commands run even when the printer is offline.
          this.kick(
            'realtime_pulse',
            cmd.pin,
            hex(Buffer.from([0x10, 0x14, 0x01, cmd.pin, cmd.units])),
          );
          continue;
        }
        if (!this.ready() || this.held.length > 0) this.held.push(cmd);
        else this.process(cmd);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    // Answer a half-close with ours, so a client waiting for 'close' is not kept waiting.
    socket.on('end', () => socket.end());
  }

  /** Execute one buffered command. */
  private process(cmd: EscPosCommand): void {
    if (cmd.type === 'drawer_kick') this.kick('esc_p', cmd.pin, hex(cmd.raw));
    this.current.commands.push(cmd);
    if (cmd.type === 'cut') {
      const job = this.current;
      this.current = { commands: [], bytes: [] };
      this.finishReceipt(job);
    }
  }

  private kick(via: DrawerKickRecord['via'], pin: number, hexBytes: string): void {
    this.drawerKicks.push({ at: this.now(), via, pin, hex: hexBytes });
    this.state.drawerOpen = true;
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private finishReceipt(job: { commands: EscPosCommand[]; bytes: Buffer[] }): void {
    const decoded = decodeCommands(job.commands, { chineseMode: this.opts.chineseMode ?? true });
    const r = decoded.receipts[0];
    if (!r) return; // a cut with nothing printed before it
    const index = this.receipts.length + 1;
    const receipt: VirtualReceipt = {
      index,
      at: this.now(),
      lines: r.lines,
      text: r.lines.join('\n'),
      barcodes: r.barcodes,
      qrCodes: r.qrCodes,
      rasterImages: r.rasterImages.length,
      bytes: Buffer.concat(job.bytes),
      file: null,
    };
    const rasters = job.commands.flatMap((c) => (c.type === 'raster' ? [c] : []));
    if (rasters.length > 0 && receipt.text.trim() === '') {
      receipt.text = `[raster receipt: ${rasters.length} images${this.opts.outDir ? ', see the .pbm file' : ''}]`;
    }
    if (this.opts.outDir) {
      const name = `${String(index).padStart(4, '0')}-${(r.barcodes[0] ?? 'receipt').replace(/[^A-Za-z0-9-]/g, '_')}`;
      receipt.file = path.join(this.opts.outDir, `${name}.txt`);
      const header = `# receipt ${index} at ${receipt.at}\n`;
      this.writes.push(
        writeFile(receipt.file, header + receipt.text + '\n', 'utf8'),
        writeFile(path.join(this.opts.outDir, `${name}.bin`), receipt.bytes),
      );
      if (rasters.length > 0) {
        // The image bands stacked as one portable bitmap (P4), viewable in any image viewer.
        const widthBytes = Math.max(...rasters.map((r) => r.widthBytes));
        const rows: Buffer[] = [];
        for (const r of rasters) {
          for (let y = 0; y < r.height; y++) {
            const row = Buffer.alloc(widthBytes);
            row.set(r.data.subarray(y * r.widthBytes, (y + 1) * r.widthBytes));
            rows.push(row);
          }
        }
        const header = Buffer.from(`P4\n${widthBytes * 8} ${rows.length}\n`, 'ascii');
        this.writes.push(
          writeFile(path.join(this.opts.outDir, `${name}.pbm`), Buffer.concat([header, ...rows])),
        );
      }
    }
    this.receipts.push(receipt);
    for (const l of this.listeners) l(receipt);
  }
}
