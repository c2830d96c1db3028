// A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in a
// fresh temp folder, listening on 127.0.0.1 only at a free port, stopped with
// `pg_ctl stop` (and, failing that, by its postmaster pid) and deleted after.
// Missing binaries fail loudly: tests that need PostgreSQL never skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  /** Connection string of the `postgres` database (superuser, no password, loopback). */
  url: string;
  port: number;
  /** Create a fresh empty database and return its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stop the server and delete its folder. Safe to call twice. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Run a PostgreSQL binary; as root it runs as the `postgres` user (initdb refuses root). */
function runPg(bin: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(
      `${path.basename(bin)} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`,
    );
  }
  return r.stdout;
}

/** Start a throwaway cluster. Throws with a clear message when the PostgreSQL 15 binaries are missing. */
export async function startPostgres(
  binDir = process.env.TILL_PG_BIN ?? DEFAULT_BIN,
): Promise<ThrowawayPostgres> {
  const initdb = path.join(binDir, 'initdb');
  const pgCtl = path.join(binDir, 'pg_ctl');
  if (!existsSync(initdb) || !existsSync(pgCtl)) {
    throw new Error(
      `PostgreSQL 15 binaries not found in ${binDir} (need initdb and pg_ctl). Install Debian's postgresql-15 or set TILL_PG_BIN.`,
    );
  }
  const root = mkdtempSync(path.join(tmpdir(), 'till-pg-'));
  const data = path.join(root, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);
  const port = await freePort();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      runPg(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w']);
    } catch {
      // pg_ctl could not stop it: end the postmaster by its pid.
      const pidFile = path.join(data, 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 0) {
          try {
            process.kill(pid, 'SIGQUIT');
          } catch {
            // already gone
          }
        }
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    runPg(initdb, [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '-N',
    ]);
    const opts = [
      `-p ${port}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=''`,
      `-c max_connections=100`,
      `-c shared_buffers=128MB`,
    ].join(' ');
    runPg(pgCtl, ['start', '-D', data, '-w', '-t', '60', '-l', path.join(root, 'log'), '-o', opts]);
  } catch (err) {
    await stop();
    throw err;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
