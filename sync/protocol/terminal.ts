// What head office holds of the calling terminal (GET /api/v1/terminal).
import { z } from 'zod';

/**
 * `GET /api/v1/terminal`: what head office holds of the calling terminal. The
 * till compares `lastSequence` with the documents it was told head office
 * holds; a lower figure means head office lost some (its database was restored
 * from an older copy), and the till sends them again.
 */
export const terminalStateResponseSchema = z.object({
  terminalId: z.string(),
  storeId: z.string(),
  /** Highest envelope sequence of this terminal's stored documents; null before the first. */
  lastSequence: z.number().int().min(0).nullable(),
});
export type TerminalStateResponse = z.infer<typeof terminalStateResponseSchema>;
