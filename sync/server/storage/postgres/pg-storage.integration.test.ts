import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../../../../tests/support/postgres';
import { describeStorageContract } from '../storage.contract';
import { openPostgresStorage } from './pg-storage';

let pgServer: ThrowawayPostgres;
let n = 0;
beforeAll(async () => {
  pgServer = await startPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
});

describeStorageContract('PostgreSQL 15', async () =>
  openPostgresStorage({ connectionString: await pgServer.createDatabase(`contract_${++n}`) }),
);
