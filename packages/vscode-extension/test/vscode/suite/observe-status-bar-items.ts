import * as vscode from 'vscode';

/** The status-bar items the extension creates. */
export interface StatusBarObserver {
  /** The item created with this id (`createStatusBarItem(id, …)`); throws if there is none. */
  item(id: string): vscode.StatusBarItem;
  dispose(): void;
}

/**
 * Watches the status-bar items the extension creates by wrapping `window.createStatusBarItem`
 * (the extension gets the same `vscode` API object as the tests, see observe-chat-view.ts): the
 * tests read what the user sees on the item (`text`, `tooltip`) and what a click runs (`command`).
 * Must run before the extension activates: it creates its item on activation.
 */
export function observeStatusBarItems(extension: vscode.Extension<unknown>): StatusBarObserver {
  if (extension.isActive) throw new Error(`${extension.id} is already active: observeStatusBarItems() must run before it activates.`);
  const items = new Map<string, vscode.StatusBarItem>();
  const window = vscode.window as { createStatusBarItem: (...args: unknown[]) => vscode.StatusBarItem };
  const create = window.createStatusBarItem;
  window.createStatusBarItem = (...args: unknown[]) => {
    const item = create.apply(window, args);
    items.set(item.id, item);
    return item;
  };
  return {
    item(id) {
      const item = items.get(id);
      if (!item) throw new Error(`No status-bar item "${id}" was created; created: ${[...items.keys()].join(', ') || 'none'}.`);
      return item;
    },
    dispose() {
      window.createStatusBarItem = create;
      items.clear();
    },
  };
}
