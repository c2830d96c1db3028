import { describe, expect, it } from 'vitest';
import {
  createContractClient,
  createUnavailableTillHost,
  type RawTransport,
} from './contract-client';
import { createTillHost } from './create-till-host';
import type { PreloadApi } from '../../hardware/contract/preload-api';

function transport(call: RawTransport['call']): RawTransport {
  return { kind: 'bridge', call, subscribe: () => () => {} };
}

describe('TillHost contract client', () => {
  it('answers timeout when the host does not reply within the call’s timeout', async () => {
    const host = createContractClient(
      transport(() => new Promise(() => {})),
      { timeoutScale: 0.01 }, // settings:get: 3000 ms → 30 ms
    );
    const started = Date.now();
    const reply = await host.settingsGet({});
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'timeout',
        message: 'settings:get: no answer from the device host within 30 ms',
      },
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses arguments that break the contract before sending anything', async () => {
    let sent = 0;
    const host = createContractClient(
      transport(async () => {
        sent += 1;
        return { ok: true, value: null };
      }),
    );
    const reply = await host.drawerOpen({
      reason: 'because' as 'no_sale',
      userId: '',
      saleId: null,
      printerId: null,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(sent).toBe(0);
  });

  it('turns a reply outside the contract into an internal error', async () => {
    const host = createContractClient(transport(async () => ({ ok: true, value: { nope: 1 } })));
    const reply = await host.printerStatus({ printerId: null });
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!reply.ok && reply.error.message).toMatch(/answered outside the contract/);
  });

  it('turns a broken transport into transport_closed', async () => {
    const host = createContractClient(
      transport(async () => {
        throw new Error('socket gone');
      }),
    );
    expect(await host.scannerList({})).toEqual({
      ok: false,
      error: { code: 'transport_closed', message: 'scanner:list: socket gone' },
    });
  });

  it('passes named host errors through unchanged', async () => {
    const error = { code: 'printer_out_of_paper', message: 'Printer out of paper' };
    const host = createContractClient(transport(async () => ({ ok: false, error })));
    expect(
      await host.printerPrint({
        jobId: 'j1',
        printerId: null,
        job: { kind: 'raw', bytesBase64: 'G0A=' },
      }),
    ).toEqual({ ok: false, error });
  });

  it('drops malformed events and delivers valid ones', () => {
    let push: (p: unknown) => void = () => {};
    const host = createContractClient(
      {
        kind: 'electron',
        call: async () => null,
        subscribe: (_name, l) => {
          push = l;
          return () => {};
        },
      },
      { warn: () => {} },
    );
    const got: string[] = [];
    host.onScan((s) => got.push(s.code));
    push({ code: 'x\u0007', source: 'serial', port: 'p', at: '2026-11-23T10:00:00.000Z' });
    push({ code: '6901234567892', source: 'serial', port: 'p', at: '2026-11-23T10:00:00.000Z' });
    expect(got).toEqual(['6901234567892']);
  });
});

describe('createTillHost', () => {
  it('uses the Electron preload when the page has one', async () => {
    const api = {
      contractVersion: 1,
      onScan: () => () => {},
      onPrinterStatusChanged: () => () => {},
      scannerList: async () => ({ ok: true, value: [] }),
    } as unknown as PreloadApi;
    const host = await createTillHost({ scope: { tillHost: api } });
    expect(host.transport).toBe('electron');
    expect(await host.scannerList({})).toEqual({ ok: true, value: [] });
  });

  it('refuses a preload from another contract version', async () => {
    const api = { contractVersion: 99 } as unknown as PreloadApi;
    await expect(createTillHost({ scope: { tillHost: api } })).rejects.toThrow(/reinstall Till/);
  });

  it('answers not_configured everywhere when there is neither preload nor bridge', async () => {
    const host = await createTillHost({ scope: {}, fetchConfig: async () => ({ store: {} }) });
    expect(host.transport).toBe('none');
    expect(await host.printerStatus({ printerId: null })).toMatchObject({
      ok: false,
      error: { code: 'not_configured' },
    });
  });

  it('refuses a bridge that is not on loopback', async () => {
    const host = await createTillHost({
      scope: {},
      bridge: { url: 'ws://192.168.1.9:8080/', secret: 'x'.repeat(43) },
    });
    expect(host.transport).toBe('none');
  });

  it('the unavailable host never throws', async () => {
    const host = createUnavailableTillHost('no host');
    expect(await host.settingsGet({})).toEqual({
      ok: false,
      error: { code: 'not_configured', message: 'no host' },
    });
  });
});
