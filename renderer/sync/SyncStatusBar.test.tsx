import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { INITIAL_STATUS, type SyncStatus } from '../../sync/engine/status';
import { SyncStatusView } from './SyncStatusBar';

/** The bar's background when nothing needs attention. */
const ALL_WELL = 'background:#eef7ee';

const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...INITIAL_STATUS, ...patch });

describe('SyncStatusBar', () => {
  it('is an accessible status region carrying the status line', () => {
    const html = renderToStaticMarkup(
      <SyncStatusView
        status={status({ connection: 'online', lastSyncAt: '2026-11-23T04:03:04.000Z' })}
        fatal={null}
        timeZone="Asia/Shanghai"
      />,
    );
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-label="Sync status"');
    expect(html).toContain('online · 0 waiting · 0 rejected · last sync 12:03:04');
  });

  it('shows why it is offline beside the count', () => {
    const offline = status({
      connection: 'offline',
      waiting: 1,
      lastError: 'Head office unreachable (fetch failed)',
    });
    const html = renderToStaticMarkup(
      <SyncStatusView status={offline} fatal={null} onOpen={() => {}} />,
    );
    expect(html).toContain('offline · 1 waiting');
    expect(html).toContain('Head office unreachable (fetch failed)');
    expect(html).toContain('Sync details');
  });

  it('shows a refusal from head office as visible text on a warning background while online', () => {
    const revoked = status({
      connection: 'online',
      waiting: 57,
      lastSyncAt: '2026-11-23T01:12:03.000Z',
      lastError: 'This terminal was revoked at head office; enrol it again',
    });
    const html = renderToStaticMarkup(
      <SyncStatusView status={revoked} fatal={null} timeZone="Asia/Shanghai" />,
    );
    // In the text itself, not in a title tooltip a touch screen never shows.
    expect(html).not.toContain('title=');
    expect(html).toContain('>online · 57 waiting · 0 rejected · last sync 09:12:03</span>');
    expect(html).toContain('>This terminal was revoked at head office; enrol it again</span>');
    expect(html).toContain('data-problem="true"');
    expect(html).not.toContain(ALL_WELL);
  });

  it('stays on the all-well background with no error when all is well', () => {
    const html = renderToStaticMarkup(
      <SyncStatusView status={status({ connection: 'online' })} fatal={null} />,
    );
    expect(html).toContain('data-problem="false"');
    expect(html).toContain(ALL_WELL);
    expect(html.match(/<span/g)).toHaveLength(1);
  });

  it('says sync runs in another window where this window does not hold the till', () => {
    const html = renderToStaticMarkup(
      <SyncStatusView status={INITIAL_STATUS} fatal={null} elsewhere />,
    );
    expect(html).toContain('>sync runs in another window</span>');
    expect(html).not.toContain('connecting');
  });

  it('says sync stopped when the worker could not start', () => {
    const html = renderToStaticMarkup(
      <SyncStatusView status={INITIAL_STATUS} fatal="IndexedDB is not available" />,
    );
    expect(html).toContain('sync stopped · IndexedDB is not available');
  });
});
