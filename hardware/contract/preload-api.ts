// The object the Electron preload exposes as `window.tillHost` through contextBridge: one
// narrow function per contract call and one subscription per event, nothing else (no raw
// ipcRenderer, no generic send). Replies are `unknown` here on purpose: the renderer client
// (renderer/host) validates them against the contract and adds the per-call timeout.
import type { CallName } from './channels';

export const PRELOAD_GLOBAL = 'tillHost';

export type PreloadApi = {
  readonly contractVersion: number;
  readonly onScan: (listener: (payload: unknown) => void) => () => void;
  readonly onPrinterStatusChanged: (listener: (payload: unknown) => void) => () => void;
} & { readonly [N in CallName]: (args: unknown) => Promise<unknown> };
