import { networkInterfaces } from 'node:os';

/** Addresses that mean "every interface". */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The Host names a server bound to `host` accepts besides loopback ones: the bind address itself
 * (`--host 192.168.1.5`, `--host devbox.local`), or, for a wildcard bind (`0.0.0.0`, `::`), every
 * address of this machine's interfaces at start-up. Names (DNS) still need `--allow-host`.
 */
export function bindHostNames(host: string): string[] {
  // A zone index (`fe80::1%eth0`) is never part of a Host header.
  if (!WILDCARDS.has(host)) return [host.replace(/%.*$/, '')];
  const names: string[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) names.push(address.address.replace(/%.*$/, ''));
  }
  return names;
}
