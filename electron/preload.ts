// Preload (sandboxed, context-isolated): exposes `window.tillHost` — one narrow function per
// TillHost call and one subscription per event. The renderer never sees ipcRenderer.
// Bundled to one CommonJS file by electron/build.ts: a sandboxed preload cannot require
// our other modules at run time.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannelForCall, ipcChannelForEvent } from '../hardware/contract/ipc-channels';
import { PRELOAD_GLOBAL, type PreloadApi } from '../hardware/contract/preload-api';
import {
  CALL_NAMES,
  CONTRACT_VERSION,
  type CallName,
  type EventName,
} from '../hardware/contract/channels';

function subscribe(name: EventName) {
  const channel = ipcChannelForEvent(name);
  return (listener: (payload: unknown) => void): (() => void) => {
    // Only the payload crosses into the page, never the IpcRendererEvent (it holds `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
}

const callFns = Object.fromEntries(
  CALL_NAMES.map((name) => {
    const channel = ipcChannelForCall(name);
    return [name, (args: unknown) => ipcRenderer.invoke(channel, args)];
  }),
) as Record<CallName, (args: unknown) => Promise<unknown>>;

const api: PreloadApi = {
  contractVersion: CONTRACT_VERSION,
  onScan: subscribe('scannerScan'),
  onPrinterStatusChanged: subscribe('printerStatusChanged'),
  ...callFns,
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
