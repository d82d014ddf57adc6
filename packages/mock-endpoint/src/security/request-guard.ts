import { isIP } from 'node:net';

/**
 * Pure checks that keep browsers on other sites away from a local server (DNS rebinding,
 * cross-origin writes). They take plain strings, so an HTTP/1 middleware and an HTTP/2 route can
 * share them.
 */

/** Why a request was refused. */
export type GuardRejection = 'host-not-allowed' | 'cross-origin';

/** The verdict of {@link checkRequest}. */
export type GuardResult = { ok: true } | { ok: false; reason: GuardRejection; status: number; message: string };

/** The request fields the guard reads (HTTP/2: `:authority` as `host`). */
export interface GuardRequest {
  /** The Host header (or `:authority`), e.g. `127.0.0.1:8080`; undefined when absent. */
  host: string | undefined;
  /** The Origin header, sent by browsers on cross-origin requests and on same-origin POSTs. */
  origin: string | undefined;
  /** `Sec-Fetch-Site` (`same-origin`, `same-site`, `cross-site`, `none`), sent by current browsers. */
  secFetchSite?: string | undefined;
  /** Names accepted besides loopback ones (see {@link isAllowedHost}). */
  allowedHosts: readonly string[];
}

/** Splits `name:port`, `[v6]:port` or a bare name; the name is lower-cased, without brackets or a trailing dot. */
export function splitHost(host: string): { name: string; port: string | undefined } | undefined {
  const value = host.trim().toLowerCase();
  if (value === '') return undefined;
  let name: string;
  let port: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end === -1) return undefined;
    name = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    port = rest === '' ? undefined : rest.slice(1);
    if (isIP(name) !== 6) return undefined;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon !== -1 && value.indexOf(':') !== colon) return undefined; // a bare IPv6 address is not a Host value
    name = colon === -1 ? value : value.slice(0, colon);
    port = colon === -1 ? undefined : value.slice(colon + 1);
    if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
    if (!/^[a-z0-9._-]+$/.test(name)) return undefined;
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name === '' ? undefined : { name, port };
}

/** True for names that always mean this machine: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost` and `*.localhost` (RFC 6761). */
export function isLoopbackName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (isIP(lower) === 6) return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  return false;
}

/**
 * Whether a Host header names this server: a loopback name, or one of `allowedHosts` (an exact
 * name or IP address, or `.example.com` for that domain and its subdomains). A DNS-rebinding page
 * reaches the server under its own name (`evil.example:PORT`), which this refuses.
 *
 * @example
 * isAllowedHost({ host: '127.0.0.1:8080', allowedHosts: [] }); // true
 * isAllowedHost({ host: 'evil.example:8080', allowedHosts: [] }); // false
 */
export function isAllowedHost(options: { host: string | undefined; allowedHosts: readonly string[] }): boolean {
  if (options.host === undefined) return false;
  const parsed = splitHost(options.host);
  if (!parsed) return false;
  if (isLoopbackName(parsed.name)) return true;
  return options.allowedHosts.some((allowed) => {
    const pattern = normalizeAllowedHost(allowed);
    if (pattern.startsWith('.')) return parsed.name === pattern.slice(1) || parsed.name.endsWith(pattern);
    return parsed.name === pattern;
  });
}

/** An `--allow-host` value as compared: lower case, without brackets or a trailing dot. */
export function normalizeAllowedHost(value: string): string {
  let name = value.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name;
}

/** Whether an `--allow-host` value is usable: a host name, an IP address, or `.domain`. */
export function isValidAllowedHost(value: string): boolean {
  const name = normalizeAllowedHost(value);
  if (isIP(name) !== 0) return true;
  return /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name);
}

/**
 * Whether a browser's Origin is the server's own: absent (non-browser clients such as the AWS SDKs,
 * boto3 and curl send none), or `http://` + exactly the Host the request was sent to. `null`
 * (sandboxed frames, files) and every other origin — another port, `localhost` for
 * `127.0.0.1` — are refused.
 *
 * @example
 * isAllowedOrigin({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' }); // true
 * isAllowedOrigin({ origin: 'http://localhost:8080', host: '127.0.0.1:8080' }); // false
 */
export function isAllowedOrigin(options: { origin: string | undefined; host: string | undefined }): boolean {
  const { origin, host } = options;
  if (origin === undefined) return true;
  if (host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` and garbage
  }
  // The server speaks plain HTTP: an https origin is never its own.
  if (url.protocol !== 'http:') return false;
  const own = splitHost(host);
  if (!own) return false;
  const originName = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return originName.toLowerCase() === own.name && (url.port || '80') === (own.port ?? '80');
}

/**
 * The whole check of one request: its Host must name this server, and a browser request must come
 * from the server's own origin (`Origin`, and `Sec-Fetch-Site` for the GETs that carry no Origin).
 */
export function checkRequest(request: GuardRequest): GuardResult {
  const { host, origin, secFetchSite, allowedHosts } = request;
  if (!isAllowedHost({ host, allowedHosts })) {
    const name = host === undefined ? 'no Host header' : `Host ${JSON.stringify(host.slice(0, 200))}`;
    return {
      ok: false,
      reason: 'host-not-allowed',
      status: 403,
      message: `Request refused: ${name} is not a name of this server. Only loopback names (127.0.0.0/8, [::1], localhost) and the names given with --host or --allow-host are accepted, which keeps DNS-rebinding pages out.`,
    };
  }
  const site = secFetchSite?.toLowerCase();
  if (!isAllowedOrigin({ origin, host }) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    const from = origin === undefined ? `a ${site} page` : `origin ${JSON.stringify(origin.slice(0, 200))}`;
    return {
      ok: false,
      reason: 'cross-origin',
      status: 403,
      message: `Request refused: browser requests from ${from} are not accepted; only pages served by this server (http://${host}) may call it.`,
    };
  }
  return { ok: true };
}
