// Secrets head office hands out: terminal bearer tokens and one-time
// enrolment codes. Both come from node:crypto and only their SHA-256 is
// stored, so a copy of the database does not let anyone act as a terminal.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { normaliseEnrolmentCode } from '../protocol';
import { sha256Hex } from './effects';

/** A terminal token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Crockford base32 without I, L, O, U: easy to read out and type. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrolment code, 12 characters (60 bits) shown as XXXX-XXXX-XXXX. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b & 31];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Hash of an enrolment code as typed (case and dashes ignored). */
export function enrolmentCodeHash(code: string): string {
  return sha256Hex(normaliseEnrolmentCode(code));
}

export function tokenHash(token: string): string {
  return sha256Hex(token);
}

/** The bearer token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? (m[1] as string) : null;
}

/** Constant-time comparison of two secrets (compares their digests, so lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}
