import * as vscode from 'vscode';

/** A quick pick the extension created and showed, as the test sees it through the VS Code API. */
export interface ObservedQuickPick {
  /** The extension's own quick pick: its `items`, `placeholder` and `busy` are what the user sees now. */
  readonly quickPick: vscode.QuickPick<vscode.QuickPickItem>;
  /** What it showed at the moment the extension called `show()`. */
  readonly whenShown: { readonly title: string | undefined; readonly placeholder: string | undefined; readonly busy: boolean; readonly labels: readonly string[] };
}

/** Every quick pick the extension shows. */
export interface QuickPickObserver {
  /** Resolves with the next quick pick shown after this call. */
  nextShown(options?: { timeoutMs?: number }): Promise<ObservedQuickPick>;
  dispose(): void;
}

/**
 * Watches the quick picks the extension creates: wraps `window.createQuickPick` (the extension gets
 * the same `vscode` API object as the tests, see observe-chat-view.ts) and reports each pick when it
 * is shown. Must run before the extension activates, like {@link observeChatView}.
 */
export function observeQuickPicks(extension: vscode.Extension<unknown>): QuickPickObserver {
  if (extension.isActive) throw new Error(`${extension.id} is already active: observeQuickPicks() must run before it activates.`);
  const shown = new vscode.EventEmitter<ObservedQuickPick>();
  const window = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick };
  const create = window.createQuickPick;
  window.createQuickPick = <T extends vscode.QuickPickItem>(): vscode.QuickPick<T> => {
    const quickPick = create.call(window) as vscode.QuickPick<T>;
    const show = quickPick.show.bind(quickPick);
    quickPick.show = () => {
      const whenShown = { title: quickPick.title, placeholder: quickPick.placeholder, busy: quickPick.busy, labels: quickPick.items.map((item) => item.label) };
      shown.fire({ quickPick: quickPick as unknown as vscode.QuickPick<vscode.QuickPickItem>, whenShown });
      show();
    };
    return quickPick;
  };
  return {
    nextShown(options = {}) {
      const timeoutMs = options.timeoutMs ?? 20_000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          subscription.dispose();
          reject(new Error(`No quick pick was shown within ${timeoutMs / 1000} s.`));
        }, timeoutMs);
        const subscription = shown.event((observed) => {
          clearTimeout(timer);
          subscription.dispose();
          resolve(observed);
        });
      });
    },
    dispose() {
      window.createQuickPick = create;
      shown.dispose();
    },
  };
}

/**
 * Accepts the entry labelled `label` as a user does with the arrow keys and Enter: makes it the
 * active entry, then runs the workbench's "accept" command (what Enter runs in a quick pick).
 * Resolves once the quick pick has reported the acceptance with that entry selected.
 */
export async function acceptQuickPickItem(quickPick: vscode.QuickPick<vscode.QuickPickItem>, label: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const item = quickPick.items.find((candidate) => candidate.label === label);
  if (!item) throw new Error(`The quick pick has no entry "${label}": ${quickPick.items.map((candidate) => candidate.label).join(', ')}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let subscription: vscode.Disposable | undefined;
  const accepted = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The quick pick did not report "${label}" accepted within ${timeoutMs / 1000} s.`)), timeoutMs);
    subscription = quickPick.onDidAccept(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    quickPick.activeItems = [item];
    // The extension host sends a quick pick's changes to the workbench on a zero-delay timer, while
    // a command goes at once: without this turn, Enter would land on the previous active entry.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await accepted;
  } finally {
    subscription?.dispose();
  }
  const selected = quickPick.selectedItems.map((candidate) => candidate.label);
  if (selected[0] !== label) throw new Error(`The quick pick accepted [${selected.join(', ')}] instead of "${label}".`);
}
