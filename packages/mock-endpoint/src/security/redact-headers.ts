/** The placeholder stored instead of a credential. */
export const REDACTED = '[redacted]';

/** Headers that carry credentials by definition. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-amz-security-token', 'x-api-key', 'x-amz-credential', 'x-amz-signature']);

/** Names that look like they carry a secret: `x-auth-token`, `x-csrf-token`, `x-client-secret`, `x-goog-api-key`, … */
const SECRET_NAME = /(?:^|[-_])(?:token|secret|password|passwd|pwd|api-?key|apikey|auth|credentials?|signature|cookie|session-token|access-key)(?:[-_]|$)/;

/** Values that are credentials whatever the header: HTTP auth schemes, SigV4, AWS access keys, JWTs. */
const SECRET_VALUE = /^\s*(?:bearer|basic|digest|negotiate|ntlm|aws4-hmac-sha256)\s|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|^\s*eyJ[\w-]+\.[\w-]+\.[\w-]*\s*$/i;

/** Whether a header (name, lower case, and value) carries a credential and must not be stored or logged. */
export function isCredentialHeader(name: string, value = ''): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || SECRET_NAME.test(lower) || SECRET_VALUE.test(value);
}

/**
 * Copies request headers for a journal or a log line, with every credential-bearing value replaced
 * by `[redacted]` (the header name stays, so a test can see that it was sent).
 *
 * @example
 * redactHeaders({ cookie: 'sid=1', 'content-type': 'application/json' }); // { cookie: '[redacted]', 'content-type': 'application/json' }
 */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    out[name] = isCredentialHeader(name, value) ? REDACTED : value;
  }
  return out;
}
