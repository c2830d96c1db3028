// The HTTP client checks a pull page's order before the engine writes it: each
// slice of a page is stored with the seq of its last change as its checkpoint,
// so a page out of order, or behind the till's checkpoint, would skip changes.
import { describe, expect, it } from 'vitest';
import { CREDS } from './fake-head-office';
import { httpHeadOfficeClient } from './http-client';
import { PermanentSyncError } from './transport';

function clientAnswering(body: unknown, status = 200) {
  return httpHeadOfficeClient({
    baseUrl: 'http://head-office.test',
    deviceName: 'test',
    timeoutMs: 1000,
    fetch: async () => ({ status, text: async () => JSON.stringify(body) }),
  });
}

const change = (seq: number) => ({ key: `P${seq}`, seq, deleted: false, value: { id: `P${seq}` } });

describe('httpHeadOfficeClient.pull', () => {
  it('hands on a page in order', async () => {
    const page = { changes: [change(11), change(12)], checkpoint: 12, more: true };
    await expect(clientAnswering(page).pull(CREDS, 'products', 10, 2)).resolves.toEqual(page);
  });

  it.each([
    ['out of order', { changes: [change(12), change(11)], checkpoint: 12, more: false }, 10],
    [
      'a change at the checkpoint asked from',
      { changes: [change(10)], checkpoint: 10, more: false },
      10,
    ],
    [
      'a checkpoint behind its changes',
      { changes: [change(11), change(12)], checkpoint: 11, more: false },
      10,
    ],
    ['a checkpoint behind the one asked from', { changes: [], checkpoint: 9, more: false }, 10],
  ])('refuses a page with %s', async (_name, page, after) => {
    await expect(clientAnswering(page).pull(CREDS, 'products', after, 100)).rejects.toBeInstanceOf(
      PermanentSyncError,
    );
  });
});

describe('httpHeadOfficeClient.terminalState', () => {
  const answer = (terminalId: string, lastSequence: number | null) => ({
    terminalId,
    storeId: CREDS.storeId,
    lastSequence,
  });

  it('hands on the highest sequence head office holds of this terminal', async () => {
    await expect(
      clientAnswering(answer(CREDS.terminalId, 42)).terminalState(CREDS),
    ).resolves.toEqual({ lastSequence: 42 });
    await expect(
      clientAnswering(answer(CREDS.terminalId, null)).terminalState(CREDS),
    ).resolves.toEqual({ lastSequence: null });
  });

  it('refuses an answer about another terminal', async () => {
    await expect(clientAnswering(answer('someone-else', 42)).terminalState(CREDS)).rejects.toThrow(
      /answered for terminal someone-else/,
    );
  });

  it('reads 404 as a head office from before the endpoint', async () => {
    const notFound = {
      error: { code: 'not_found', message: 'Route GET:/api/v1/terminal not found' },
    };
    await expect(clientAnswering(notFound, 404).terminalState(CREDS)).resolves.toBeNull();
    await expect(clientAnswering(notFound, 500).terminalState(CREDS)).rejects.toBeInstanceOf(Error);
  });
});

describe('httpHeadOfficeClient.enrol', () => {
  const enrolled = {
    terminalId: CREDS.terminalId,
    storeId: CREDS.storeId,
    storeCode: CREDS.storeCode,
    terminalCode: CREDS.terminalCode,
    token: 'tok-2',
    storeName: 'Store',
    currency: 'CNY',
  };

  function recording() {
    const bodies: unknown[] = [];
    const client = httpHeadOfficeClient({
      baseUrl: 'http://head-office.test',
      deviceName: 'Front till',
      timeoutMs: 1000,
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return { status: 200, text: async () => JSON.stringify(enrolled) };
      },
    });
    return { client, bodies };
  }

  it('names the terminal only when the till enrols again', async () => {
    const { client, bodies } = recording();
    await expect(client.enrol('CODE-1')).resolves.toEqual({ ...CREDS, token: 'tok-2' });
    await client.enrol('CODE-2', CREDS.terminalId);
    expect(bodies).toEqual([
      { code: 'CODE-1', deviceName: 'Front till' },
      { code: 'CODE-2', deviceName: 'Front till', terminalId: CREDS.terminalId },
    ]);
  });
});
