// Exposes the host services to the renderer over Electron IPC. The electron module is
// injected (`{ ipcMain }`-shaped), so this file runs and is tested in plain Node.
//
// For every call: check the sender is the till page (top frame, app origin), validate the
// arguments with the contract, run the handler, answer with the reply envelope. Nothing here
// throws across IPC — a thrown error would reach the renderer as an opaque rejection.
import { dispatchByName } from '../hardware/contract/dispatch';
import { ipcChannelForCall, ipcChannelForEvent } from '../hardware/contract/ipc-channels';
import { checkEvent } from '../hardware/contract/dispatch';
import {
  CALL_NAMES,
  eventNameForChannel,
  type HostServices,
  type Reply,
} from '../hardware/contract/till-host';

/** The parts of IpcMainInvokeEvent we look at. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** The parts of WebContents we send events to. */
export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  services: HostServices;
  /** True for a URL of the till page (see electron/security isAppUrl). */
  isAppUrl: (url: string) => boolean;
  /** Windows that receive pushed events. */
  eventTargets: () => readonly EventTargetLike[];
  log?: (message: string, error?: unknown) => void;
}

export interface IpcRouter {
  /** Every channel registered, for tests and diagnostics. */
  readonly channels: readonly string[];
  dispose(): void;
}

/** Why a sender is refused, or null when it is the till page's top frame. */
export function senderProblem(
  event: InvokeEventLike,
  isAppUrl: (url: string) => boolean,
): string | null {
  const frame = event.senderFrame;
  if (frame === null) return 'the sending frame is gone';
  if (frame.parent !== null) return 'calls are accepted from the top frame only';
  if (!isAppUrl(frame.url)) return `frame ${frame.url || '(blank)'} is not the till page`;
  return null;
}

export function registerIpcRouter(options: IpcRouterOptions): IpcRouter {
  const { ipcMain, services, isAppUrl } = options;
  const log = options.log ?? ((m: string, e?: unknown) => console.error(`[ipc] ${m}`, e ?? ''));
  const channels: string[] = [];

  for (const name of CALL_NAMES) {
    const channel = ipcChannelForCall(name);
    channels.push(channel);
    ipcMain.handle(channel, async (event, ...args): Promise<Reply<unknown>> => {
      try {
        const problem = senderProblem(event, isAppUrl);
        if (problem !== null) {
          log(`refused ${channel}: ${problem}`);
          return { ok: false, error: { code: 'unauthorized', message: `Refused: ${problem}` } };
        }
        if (args.length !== 1) {
          return {
            ok: false,
            error: {
              code: 'invalid_request',
              message: `${channel} takes exactly one argument, got ${args.length}`,
            },
          };
        }
        return await dispatchByName(services, name, args[0], log);
      } catch (error) {
        // dispatchByName does not throw; this guards the sender check and future edits.
        log(`${channel} failed outside dispatch`, error);
        return { ok: false, error: { code: 'internal', message: `${channel} failed` } };
      }
    });
  }

  const unsubscribe = services.subscribe((event) => {
    const checked = checkEvent(event, log);
    if (checked === null) return;
    const name = eventNameForChannel(checked.channel);
    if (name === null) return;
    const ipcChannel = ipcChannelForEvent(name);
    for (const target of options.eventTargets()) {
      try {
        if (!target.isDestroyed()) target.send(ipcChannel, checked.payload);
      } catch (error) {
        log(`could not deliver ${ipcChannel}`, error);
      }
    }
  });

  return {
    channels,
    dispose() {
      unsubscribe();
      for (const c of channels) ipcMain.removeHandler(c);
    },
  };
}
