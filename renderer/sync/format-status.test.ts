import { describe, expect, it } from 'vitest';
import { INITIAL_STATUS, type SyncStatus } from '../../sync/engine/status';
import { formatSyncStatus } from './format-status';

const status = (patch: Partial<SyncStatus>): SyncStatus => ({
  ...INITIAL_STATUS,
  enrolled: true,
  ...patch,
});

describe('formatSyncStatus', () => {
  it('shows online, counts and the last sync time', () => {
    expect(
      formatSyncStatus(
        status({ connection: 'online', lastSyncAt: '2026-11-23T04:03:04.000Z' }),
        'Asia/Shanghai',
      ),
    ).toBe('online · 0 waiting · 0 rejected · last sync 12:03:04');
  });

  it('shows offline with what waits and leaves out a zero rejected count', () => {
    expect(formatSyncStatus(status({ connection: 'offline', waiting: 1 }))).toBe(
      'offline · 1 waiting',
    );
    expect(formatSyncStatus(status({ connection: 'offline', waiting: 2, rejected: 1 }))).toBe(
      'offline · 2 waiting · 1 rejected',
    );
  });

  it('shows a running pull with its progress', () => {
    expect(
      formatSyncStatus(
        status({ connection: 'online', pull: { collection: 'products', received: 120000 } }),
      ),
    ).toBe('online · 0 waiting · 0 rejected · pulling products 120,000');
  });

  it('says connecting before the first request', () => {
    expect(formatSyncStatus(status({ waiting: 3 }))).toBe('connecting · 3 waiting · 0 rejected');
  });

  it('says not syncing when no request can be made', () => {
    expect(formatSyncStatus(status({ waiting: 2, lastError: 'No head office configured' }))).toBe(
      'not syncing · 2 waiting · 0 rejected',
    );
  });
});
