// Wire format of the hardware bridge (browser mode): JSON text frames over a WebSocket on
// 127.0.0.1. Shared by hardware/bridge (server) and renderer/host (client).
//
// Session: the page connects (optionally with `?secret=` in the URL), sends `hello` with the
// per-start secret and the contract version, gets `welcome`; then `call` frames are answered
// by `reply` frames with the same id, and the host pushes `event` frames. A frame that cannot
// be parsed gets an `error` frame and the connection stays open; an auth failure closes the
// socket with one of the close codes below.
import { z } from 'zod';
import { hostErrorSchema } from './till-host';

/** WebSocket close codes (4000–4999 are application-defined). */
export const BRIDGE_CLOSE = {
  /** No hello in time, wrong secret, or a call before hello. */
  unauthorized: 4401,
  /** Contract version mismatch: reload the page (ClientTooOld / ClientTooNew). */
  versionMismatch: 4409,
  /** Host shutting down. */
  goingAway: 1001,
} as const;

/** Milliseconds the server waits for `hello` before closing with 4401. */
export const HELLO_TIMEOUT_MS = 5_000;

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    secret: z.string().min(1).max(256),
    version: z.number().int(),
  }),
  z.object({
    type: z.literal('call'),
    /** Chosen by the client; echoed in the reply. */
    id: z.number().int().nonnegative(),
    channel: z.string().max(64),
    args: z.unknown(),
  }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), version: z.number().int() }),
  z.object({
    type: z.literal('reply'),
    id: z.number().int().nonnegative(),
    reply: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: hostErrorSchema }),
    ]),
  }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
  /** A frame the server could not accept; `id` is the call id when one could be read. */
  z.object({ type: z.literal('error'), id: z.number().int().nullable(), error: hostErrorSchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** The `bridge` block of /till-config.json, served by the browser-mode start script. */
export const bridgeConfigSchema = z.object({
  url: z
    .string()
    .regex(/^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+(\/.*)?$/, 'Bridge must be on loopback'),
  secret: z.string().min(16).max(256),
});
export type BridgeConfig = z.infer<typeof bridgeConfigSchema>;
