import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres';

describe('throwaway PostgreSQL', () => {
  it('fails loudly, naming the folder, when the binaries are missing', async () => {
    await expect(startPostgres('/nonexistent/pg/bin')).rejects.toThrow(
      /PostgreSQL 15 binaries not found in \/nonexistent\/pg\/bin/,
    );
  });
});
