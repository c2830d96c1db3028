// A head office as its own process, for tests that kill it and start it again:
//   npx tsx tests/sync/head-office-process.ts <sqlite-file> <port|0>
// Prints one JSON line {"port": n, "pid": n} once it listens; exits on SIGTERM.
import { buildServer } from '../../sync/server/app';
import { openSqliteStorage } from '../../sync/server/storage/sqlite/sqlite-storage';

async function main(): Promise<void> {
  const [file, port] = process.argv.slice(2);
  if (!file) throw new Error('usage: head-office-process.ts <sqlite-file> [port]');
  const storage = openSqliteStorage(file);
  // Ingest workers as the CLI runs them, so the faults hit that path too.
  const app = await buildServer({ storage, adminToken: null, ingestWorkers: 1 });
  await app.listen({ host: '127.0.0.1', port: Number(port ?? 0) });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(JSON.stringify({ port: bound, pid: process.pid }) + '\n');
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
