/** A small TTL cache of promises, so concurrent and repeated look-ups share one control-plane call. */
export interface DiscoveryCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  clear(): void;
}

/** Options of {@link createDiscoveryCache}. */
export interface DiscoveryCacheOptions {
  ttlMs: number;
  /** Most entries kept; the oldest go first (default 500). */
  maxEntries?: number;
  now?: () => number;
}

/** Creates a TTL cache; rejected loads are cached too (a denied or unreachable control plane is not retried within the TTL). */
export function createDiscoveryCache(options: DiscoveryCacheOptions): DiscoveryCache {
  const entries = new Map<string, { expiresAt: number; value: Promise<unknown> }>();
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value as Promise<T>;
      const value = load();
      value.catch(() => undefined); // a cached rejection is observed by whoever reads it
      entries.delete(key);
      entries.set(key, { expiresAt: now() + options.ttlMs, value });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
