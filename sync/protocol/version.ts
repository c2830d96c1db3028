// The wire format's version. A request carries it in the `x-till-protocol`
// header; head office answers `unsupported_version` for any other value, so an
// old till and a new server (or the reverse) fail with a named reason instead
// of misreading each other's documents.

/** Version of the sync protocol spoken by this build (both ends). */
export const PROTOCOL_VERSION = 1;

/** Request header carrying the protocol version; a request without it is read as version 1. */
export const PROTOCOL_HEADER = 'x-till-protocol';

/** Route prefix of every protocol endpoint (version 1). */
export const API_PREFIX = '/api/v1';
