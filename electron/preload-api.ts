// Builds the `window.tillHost` object from an injected ipcRenderer, so the same code the
// preload runs is exercised in plain Node tests. Zod-free on purpose (see contract/channels).
import {
  CALL_NAMES,
  CONTRACT_VERSION,
  type CallName,
  type EventName,
} from '../hardware/contract/channels';
import { ipcChannelForCall, ipcChannelForEvent } from '../hardware/contract/ipc-channels';
import type { PreloadApi } from '../hardware/contract/preload-api';

/** The parts of Electron's ipcRenderer the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function buildPreloadApi(ipcRenderer: IpcRendererLike): PreloadApi {
  const subscribe = (name: EventName) => {
    const channel = ipcChannelForEvent(name);
    return (listener: (payload: unknown) => void): (() => void) => {
      // Only the payload crosses into the page, never the IpcRendererEvent (it holds `sender`).
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    };
  };
  const callFns = Object.fromEntries(
    CALL_NAMES.map((name) => {
      const channel = ipcChannelForCall(name);
      return [name, (args: unknown) => ipcRenderer.invoke(channel, args)];
    }),
  ) as Record<CallName, (args: unknown) => Promise<unknown>>;
  return {
    contractVersion: CONTRACT_VERSION,
    onScan: subscribe('scannerScan'),
    onPrinterStatusChanged: subscribe('printerStatusChanged'),
    ...callFns,
  };
}
