// Channel names, kinds and timeouts of the TillHost contract, with no zod: the sandboxed
// Electron preload imports only this (it stays a few kB). till-host.ts adds the schemas.

/** Bumped when a call or event changes incompatibly; transports refuse other versions. */
export const CONTRACT_VERSION = 1;

/** `read` calls have no side effects and are safe to retry; `write` calls act on devices. */
export const CALL_CHANNELS = {
  /** Printing a long receipt over a slow printer: up to 15 s. */
  printerPrint: { channel: 'printer:print', kind: 'write', timeoutMs: 15_000 },
  printerStatus: { channel: 'printer:status', kind: 'read', timeoutMs: 5_000 },
  drawerOpen: { channel: 'drawer:open', kind: 'write', timeoutMs: 5_000 },
  scannerList: { channel: 'scanner:list', kind: 'read', timeoutMs: 5_000 },
  settingsGet: { channel: 'settings:get', kind: 'read', timeoutMs: 3_000 },
  settingsSet: { channel: 'settings:set', kind: 'write', timeoutMs: 5_000 },
} as const;

export const EVENT_CHANNELS = {
  scannerScan: { channel: 'scanner:scan' },
  printerStatusChanged: { channel: 'printer:status-changed' },
} as const;

export type CallName = keyof typeof CALL_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;
export const CALL_NAMES = Object.keys(CALL_CHANNELS) as CallName[];
export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[];
