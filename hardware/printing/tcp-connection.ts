// One TCP connection to an ESC/POS printer (usually port 9100): write print data and ask
// DLE EOT status on the same socket, every step under its own timeout (ms). A printer that
// is switched off refuses or never accepts; one that hangs never answers: both end as a
// PrinterConnectionError, never as a hung promise.
import net from 'node:net';

export class PrinterConnectionError extends Error {
  constructor(
    readonly stage: 'connect' | 'status' | 'write' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'PrinterConnectionError';
  }
}

export class PrinterConnection {
  private received: number[] = [];
  private waiter: (() => void) | null = null;
  private closedError: PrinterConnectionError | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) this.received.push(b);
      this.waiter?.();
    });
    const onEnd = (err?: Error): void => {
      this.closedError ??= new PrinterConnectionError(
        'closed',
        err ? `Printer connection failed: ${err.message}` : 'Printer closed the connection',
      );
      this.waiter?.();
    };
    socket.on('error', onEnd);
    socket.on('close', () => onEnd());
  }

  /** Connect within `timeoutMs`. */
  static open(host: string, port: number, timeoutMs: number): Promise<PrinterConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new PrinterConnectionError(
            'connect',
            `No answer from ${host}:${port} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new PrinterConnection(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new PrinterConnectionError(
            'connect',
            `Cannot connect to ${host}:${port}: ${err.message}`,
          ),
        );
      });
    });
  }

  /** Ask DLE EOT n and wait for its one-byte answer. */
  async status(n: number, timeoutMs: number): Promise<number> {
    this.received = [];
    await this.write(Buffer.from([0x10, 0x04, n]), timeoutMs);
    return this.nextByte(timeoutMs);
  }

  private nextByte(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const b = this.received.shift();
        if (b !== undefined) {
          finish();
          resolve(b);
          return true;
        }
        if (this.closedError) {
          finish();
          reject(this.closedError);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new PrinterConnectionError(
            'status',
            `Printer did not answer a status request within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiter = null;
      };
      if (check()) return;
      this.waiter = () => void check();
    });
  }

  /** Write bytes; resolves once they are handed to the OS (not printed). */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new PrinterConnectionError(
            'write',
            `Printer did not take the data within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.socket.write(bytes, (err) => {
        clearTimeout(timer);
        if (err)
          reject(
            new PrinterConnectionError('write', `Sending to the printer failed: ${err.message}`),
          );
        else resolve();
      });
    });
  }

  /** Half-close and wait (up to `timeoutMs`) for the printer to close its side. */
  close(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }
}
