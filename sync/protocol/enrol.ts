// Enrolment: a terminal trades a one-time code from head office for its own
// bearer token. The code works once; the token is shown once and stored
// hashed at head office.
import { z } from 'zod';
import { idSchema, withoutNul } from './domain-schemas';

export const enrolRequestSchema = z.strictObject({
  /** One-time code as printed by `npm run ho -- create-terminal`; case and dashes are ignored. */
  code: withoutNul(z.string().trim().min(4).max(64)),
  /** Name of the device, for head office's terminal list (e.g. "Front counter tablet"). */
  deviceName: withoutNul(z.string().trim().min(1).max(100)),
  /**
   * The terminal this till already is, sent only by a till enrolling again
   * (head office refused its token: revoked, or its code was issued anew). Head
   * office refuses a code for another terminal (`enrolment_code_other_terminal`)
   * and, from a till that names none, a code of a terminal it already holds
   * documents from (`terminal_has_documents`); neither uses the code up.
   */
  terminalId: idSchema.optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const enrolResponseSchema = z.object({
  terminalId: z.string(),
  storeId: z.string(),
  /** Store code used in receipt numbers ("S001"). */
  storeCode: z.string(),
  /** Terminal code used in receipt numbers ("T01"). */
  terminalCode: z.string(),
  /** Bearer token for every later request; shown only this once. */
  token: z.string(),
  storeName: z.string(),
  /** The store's trading currency. */
  currency: z.string(),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

/** Normalise an enrolment code as typed by a person: upper case, no spaces or dashes. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
