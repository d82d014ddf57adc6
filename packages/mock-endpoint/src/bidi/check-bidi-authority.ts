/**
 * The Host and Origin checks of the HTTP/2 routes, in one place so that the lead can swap them for
 * the shared checks of `src/security/`: the `:authority` must name an allowed host, and an `Origin`
 * (browsers send one; SDKs do not) must be an http(s) origin on an allowed host.
 */
export function isAllowedBidiRequest(options: { authority: string | undefined; origin: string | undefined; allowedHosts: readonly string[] }): boolean {
  if (!isAllowedBidiAuthority(options)) return false;
  if (options.origin === undefined) return true;
  try {
    const origin = new URL(options.origin);
    return (origin.protocol === 'http:' || origin.protocol === 'https:') && isAllowedBidiAuthority({ authority: origin.host, allowedHosts: options.allowedHosts });
  } catch {
    return false;
  }
}

/**
 * The Host check of the HTTP/2 routes: true when the request's `:authority` (or `host`) names one
 * of `allowedHosts` (ports ignored). Kept as one function so that it can be swapped for the
 * shared check of `src/security/` when both land.
 */
export function isAllowedBidiAuthority(options: { authority: string | undefined; allowedHosts: readonly string[] }): boolean {
  const { authority, allowedHosts } = options;
  if (!authority || authority.length > 255) return false;
  const host = hostOf(authority.trim().toLowerCase());
  return host !== undefined && allowedHosts.includes(host);
}

/** `host[:port]` / `[v6][:port]` → the host name, brackets kept for IPv6; undefined when malformed. */
function hostOf(authority: string): string | undefined {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return undefined;
    const rest = authority.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return authority.slice(0, close + 1);
  }
  const match = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(authority);
  return match?.[1];
}
