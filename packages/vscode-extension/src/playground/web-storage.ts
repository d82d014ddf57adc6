import type { KeyValueStorage } from '../chat/history-store.js';

/** A Web Storage (localStorage) as the history's key-value storage, values as JSON. */
export function webStorage(storage: Storage): KeyValueStorage {
  return {
    get(key) {
      const text = storage.getItem(key);
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined; // not ours, or damaged: the store skips it
      }
    },
    // A full quota throws here; the controller reports it as a notice.
    set: (key, value) => storage.setItem(key, JSON.stringify(value)),
    delete: (key) => storage.removeItem(key),
  };
}
