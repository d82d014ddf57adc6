import { SageStreamError } from '../errors.js';

/** A session id as SageMaker constrains `SessionId` (max 256, `^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`). */
const SESSION_ID_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
/** Longest session id the API accepts. */
export const MAX_SESSION_ID_LENGTH = 256;

/** A session id with its expiry, as the `New-Session-Id` header gives them. */
export interface SessionHeader {
  id: string;
  /** `Expires=` of the header as sent (ISO 8601, e.g. `2026-11-28T17:05:00Z`), when present. */
  expiresAt?: string;
}

/** True for a string SageMaker accepts as `SessionId` (not `NEW_SESSION`, which has an underscore). */
export function isSessionId(value: string): boolean {
  return value.length <= MAX_SESSION_ID_LENGTH && SESSION_ID_PATTERN.test(value);
}

/**
 * Parses `X-Amzn-SageMaker-New-Session-Id` (`<id>; Expires=<ISO 8601>`, wire spec §13.2) or
 * `X-Amzn-SageMaker-Closed-Session-Id` (`<id>`). Attribute names are matched case-insensitively and
 * unknown attributes ignored. Throws `session-error` when the id is missing or malformed.
 */
export function parseSessionHeader(value: string): SessionHeader {
  const [rawId = '', ...attributes] = value.split(';');
  const id = rawId.trim();
  if (!isSessionId(id)) {
    throw new SageStreamError('session-error', `Expected a session id (letters, digits and inner hyphens, at most ${MAX_SESSION_ID_LENGTH} characters) in the session header, got ${JSON.stringify(value.slice(0, 300))}.`, {
      expected: '<id>; Expires=<ISO 8601>',
      actual: value.slice(0, 300),
    });
  }
  const header: SessionHeader = { id };
  for (const attribute of attributes) {
    const equals = attribute.indexOf('=');
    if (equals < 0) continue;
    if (attribute.slice(0, equals).trim().toLowerCase() === 'expires') {
      const expires = attribute.slice(equals + 1).trim();
      if (expires !== '') header.expiresAt = expires;
    }
  }
  return header;
}
