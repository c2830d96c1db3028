import { describe, expect, it } from 'vitest';
import { dispatchCall } from './dispatch';
import { createMemoryHostServices } from './memory-host-services';
import { HostCallError, type PrinterStatus } from './till-host';

describe('dispatchCall', () => {
  it('answers a handler value outside the contract with internal, naming the field', async () => {
    const services = createMemoryHostServices();
    services.override(
      'printerStatus',
      async () => ({ printerId: 'x' }) as unknown as PrinterStatus,
    );
    const logged: string[] = [];
    const reply = await dispatchCall(services, 'printer:status', { printerId: null }, (m) =>
      logged.push(m),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!reply.ok && reply.error.message).toMatch(
      /^printer:status returned an invalid value: online:/,
    );
    expect(logged).toEqual(['printer:status returned a value outside the contract']);
  });

  it('keeps a named failure’s code and message', async () => {
    const services = createMemoryHostServices();
    services.override('drawerOpen', async () => {
      throw new HostCallError('not_configured', 'No cash drawer is wired to printer "receipt"');
    });
    expect(
      await dispatchCall(services, 'drawer:open', {
        reason: 'no_sale',
        userId: 'u',
        saleId: null,
        printerId: null,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'not_configured', message: 'No cash drawer is wired to printer "receipt"' },
    });
  });

  it('refuses a non-string or unknown channel', async () => {
    const services = createMemoryHostServices();
    expect(await dispatchCall(services, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await dispatchCall(services, 'printer:status-changed', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(services.received).toEqual([]);
  });
});
