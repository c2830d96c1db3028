// A TCP proxy on 127.0.0.1:0 between the sync engine and head office that
// injects the network faults a shop's line really has:
//   - cut_after_response: head office received the request, did the work and
//     answered, but the answer never reaches the till (connection reset);
//   - delay: hold the answer for `ms` before passing it on (past the client's
//     timeout, so the client gives up while head office has committed);
//   - down: refuse the service entirely (accept and close at once).
// HTTP/1.1 without pipelining: a request starts with a method line from the
// client, and the upstream bytes after it are its answer.
import net from 'node:net';

export type Fault = { kind: 'cut_after_response' } | { kind: 'delay'; ms: number };

interface ArmedFault {
  fault: Fault;
  /** Applies to requests whose first line matches, e.g. /^POST \/v1\/push/. */
  match: RegExp;
  /** How many more requests it applies to. */
  remaining: number;
  /** Matching requests to let through before it applies. */
  skip: number;
}

export interface FaultProxyStats {
  connections: number;
  requests: number;
  cut: number;
  delayed: number;
}

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  readonly stats: FaultProxyStats;
  /**
   * Arm a fault for `times` matching requests (default: any request, once),
   * after letting `skip` matching requests through (default 0).
   */
  inject(fault: Fault, opts?: { match?: RegExp; times?: number; skip?: number }): void;
  /** 'down' refuses every new connection and drops open ones; 'up' passes through. */
  setDown(down: boolean): void;
  /** Faults still armed. */
  armed(): number;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP\/1\.[01]\r\n/;

/** Start a proxy to `target` (host:port of head office). */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const faults: ArmedFault[] = [];
  const stats: FaultProxyStats = { connections: 0, requests: 0, cut: 0, delayed: 0 };
  const sockets = new Set<net.Socket>();
  let down = false;

  const server = net.createServer((client) => {
    stats.connections += 1;
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // The fault applying to the request in flight on this connection.
    let current: Fault | null = null;
    const kill = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', kill);
    upstream.on('error', kill);

    client.on('data', (chunk) => {
      const head = chunk.toString('latin1', 0, Math.min(chunk.length, 512));
      const line = REQUEST_LINE.exec(head);
      if (line) {
        stats.requests += 1;
        current = takeFault(faults, line[0]);
      }
      upstream.write(chunk);
    });

    upstream.on('data', (chunk) => {
      const fault = current;
      if (fault?.kind === 'cut_after_response') {
        // Head office has answered, so it has committed; the till never hears it.
        stats.cut += 1;
        kill();
        return;
      }
      if (fault?.kind === 'delay') {
        stats.delayed += 1;
        upstream.pause();
        current = null;
        setTimeout(() => {
          if (client.destroyed) return;
          client.write(chunk);
          upstream.resume();
        }, fault.ms);
        return;
      }
      client.write(chunk);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    inject(fault, opts = {}) {
      faults.push({
        fault,
        match: opts.match ?? /./,
        remaining: opts.times ?? 1,
        skip: opts.skip ?? 0,
      });
    },
    setDown(value) {
      down = value;
      if (value) for (const s of sockets) s.destroy();
    },
    armed() {
      return faults.reduce((n, f) => n + f.remaining, 0);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function takeFault(faults: ArmedFault[], requestLine: string): Fault | null {
  const armed = faults.find((f) => f.remaining > 0 && f.match.test(requestLine));
  if (!armed) return null;
  if (armed.skip > 0) {
    armed.skip -= 1;
    return null;
  }
  armed.remaining -= 1;
  return armed.fault;
}
