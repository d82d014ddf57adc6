import type { KeyValueStorage } from '../../src/chat/history-store.js';

/** A {@link KeyValueStorage} in memory; values are copied in and out, as real storage (a Memento) does. */
export function createMemoryStorage(): KeyValueStorage & { readonly size: number } {
  const values = new Map<string, string>();
  return {
    get: (key) => {
      const value = values.get(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    set: (key, value) => void values.set(key, JSON.stringify(value)),
    delete: (key) => void values.delete(key),
    get size() {
      return values.size;
    },
  };
}
