// Host-side dispatch shared by both transports (Electron IPC router and WebSocket bridge):
// validate the arguments against the contract, run the handler, validate what it returns,
// and always answer with the reply envelope. Never throws: a transport must keep serving.
import type { z } from 'zod';
import {
  calls,
  callNameForChannel,
  events,
  HostCallError,
  type CallName,
  type HostEvent,
  type HostHandlers,
  type Reply,
} from './till-host';

/**
 * The first few zod issues, each with its path: "settings.printers.0.address: Printer address …".
 * Both sides of the contract word their validation errors with it (host dispatch, renderer client).
 */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Answers one call by wire channel. `log` receives internal errors (stack traces stay host-side). */
export async function dispatchCall(
  handlers: HostHandlers,
  channel: unknown,
  rawArgs: unknown,
  log: (message: string, error: unknown) => void = () => {},
): Promise<Reply<unknown>> {
  const name = typeof channel === 'string' ? callNameForChannel(channel) : null;
  if (name === null) {
    return {
      ok: false,
      error: { code: 'unknown_channel', message: `Unknown channel ${JSON.stringify(channel)}` },
    };
  }
  return dispatchByName(handlers, name, rawArgs, log);
}

/**
 * A call's arguments checked against the contract: the parsed arguments, or the
 * invalid_request reply naming the channel. Both sides check (renderer before sending, host
 * on arrival), with the same words.
 */
export function parseCallArgs(name: CallName, rawArgs: unknown): Reply<unknown> {
  const call = calls[name];
  const parsed = call.args.safeParse(rawArgs);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: {
      code: 'invalid_request',
      message: `${call.channel}: ${describeZodError(parsed.error)}`,
    },
  };
}

export async function dispatchByName(
  handlers: HostHandlers,
  name: CallName,
  rawArgs: unknown,
  log: (message: string, error: unknown) => void = () => {},
): Promise<Reply<unknown>> {
  const call = calls[name];
  const parsed = parseCallArgs(name, rawArgs);
  if (!parsed.ok) return parsed;
  let value: unknown;
  try {
    // The cast is the one place the per-name handler type meets the runtime name.
    const handler = handlers[name] as (args: unknown) => Promise<unknown>;
    value = await handler(parsed.value);
  } catch (error) {
    if (error instanceof HostCallError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    log(`${call.channel} failed`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message: `${call.channel}: ${message}` } };
  }
  const checked = call.value.safeParse(value);
  if (!checked.success) {
    log(`${call.channel} returned a value outside the contract`, checked.error);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `${call.channel} returned an invalid value: ${describeZodError(checked.error)}`,
      },
    };
  }
  return { ok: true, value: checked.data };
}

/** Validates an event before a transport forwards it; null (and a log line) if it is malformed. */
export function checkEvent(
  event: HostEvent,
  log: (message: string, error: unknown) => void = () => {},
): { channel: string; payload: unknown } | null {
  const spec = events[event.name];
  const parsed = spec.payload.safeParse(event.payload);
  if (!parsed.success) {
    log(`dropping malformed ${spec.channel} event`, parsed.error);
    return null;
  }
  return { channel: spec.channel, payload: parsed.data };
}
