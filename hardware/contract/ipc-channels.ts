// Electron IPC channel names for the TillHost contract. Reads and writes travel on separate
// channel families (`till:read:*`, `till:write:*`) so the router, logs and any future
// rate-limit can tell a status query from a drawer kick; events come on `till:event:*`.
import { CALL_CHANNELS, EVENT_CHANNELS, type CallName, type EventName } from './channels';

export function ipcChannelForCall(name: CallName): string {
  const call = CALL_CHANNELS[name];
  return `till:${call.kind}:${call.channel}`;
}

export function ipcChannelForEvent(name: EventName): string {
  return `till:event:${EVENT_CHANNELS[name].channel}`;
}
