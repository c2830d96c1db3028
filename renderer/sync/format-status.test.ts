import { describe, expect, it } from 'vitest';
import { INITIAL_STATUS, type SyncStatus } from '../../sync/engine/status';
import { describeSyncStatus, formatSyncStatus, SYNC_ELSEWHERE } from './format-status';

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

describe('describeSyncStatus', () => {
  const REVOKED = 'This terminal was revoked at head office; enrol it again';
  const running = (patch: Partial<SyncStatus>) => ({ status: status(patch), fatal: null });

  it('is all-well and without an error when online with nothing refused', () => {
    expect(
      describeSyncStatus(
        running({ connection: 'online', lastSyncAt: '2026-11-23T04:03:04.000Z' }),
        'Asia/Shanghai',
      ),
    ).toEqual({
      text: 'online · 0 waiting · 0 rejected · last sync 12:03:04',
      error: null,
      problem: false,
    });
  });

  it('shows the last error and calls it a problem while head office answers but refuses', () => {
    const line = describeSyncStatus(
      running({
        connection: 'online',
        waiting: 57,
        lastSyncAt: '2026-11-23T01:12:03.000Z',
        lastError: REVOKED,
      }),
      'Asia/Shanghai',
    );
    expect(line).toEqual({
      text: 'online · 57 waiting · 0 rejected · last sync 09:12:03',
      error: REVOKED,
      problem: true,
    });
  });

  it('shows why it is offline, or why it does not sync at all', () => {
    expect(
      describeSyncStatus(running({ connection: 'offline', waiting: 1, lastError: 'unreachable' })),
    ).toEqual({ text: 'offline · 1 waiting', error: 'unreachable', problem: true });
    expect(describeSyncStatus(running({ lastError: 'No head office configured' }))).toMatchObject({
      text: 'not syncing · 0 waiting · 0 rejected',
      error: 'No head office configured',
    });
  });

  it('calls rejected documents a problem even without an error', () => {
    expect(describeSyncStatus(running({ connection: 'online', rejected: 1 })).problem).toBe(true);
  });

  it('says sync stopped when the worker could not start', () => {
    expect(describeSyncStatus({ status: status({}), fatal: 'IndexedDB is not available' })).toEqual(
      {
        text: 'sync stopped · IndexedDB is not available',
        error: null,
        problem: true,
      },
    );
  });

  it('says sync runs in another window where the till is held elsewhere', () => {
    expect(describeSyncStatus({ status: status({}), fatal: null, elsewhere: true })).toEqual({
      text: SYNC_ELSEWHERE,
      error: null,
      problem: false,
    });
  });
});
