import type * as vscode from 'vscode';
import type { KeyValueStorage } from '../chat/history-store.js';

/** A VS Code Memento (workspace or global state) as the history's key-value storage. */
export function mementoStorage(memento: vscode.Memento): KeyValueStorage {
  return {
    get: (key) => memento.get<unknown>(key),
    set: async (key, value) => {
      await memento.update(key, value);
    },
    // Memento has no delete: storing undefined removes the key.
    delete: async (key) => {
      await memento.update(key, undefined);
    },
  };
}
