import * as vscode from 'vscode';
import type { ChatViewWatcher } from './chat-view-watcher.js';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'sagestream.sagestream-vscode';

/** Polling interval of {@link waitFor}: for conditions no event announces (activation, settings). */
const POLL_MS = 50;

/** Resolves once `condition()` holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, options: { what: string; timeoutMs?: number }): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what}.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Shows the chat view (the view's own focus command) and waits until its page is ready: a new page
 * says `ready` and gets the extension's snapshot; a page kept from before already has it, and the
 * watcher has seen every message since the page was created.
 */
export async function showChatView(view: ChatViewWatcher): Promise<void> {
  await vscode.commands.executeCommand('sagestream.chatView.focus');
  await view.until((state) => state.status === 'ready', { what: 'the page to say it is ready and get its snapshot', timeoutMs: 60_000 });
}

type WindowPrompt = 'showQuickPick' | 'showInputBox' | 'showWarningMessage';

/**
 * Answers one kind of prompt with `answer` while `run` runs. The tests live in the extension's
 * folder, so VS Code hands them the extension's own `vscode` API object: the extension sees it.
 */
export async function withPromptAnswered<T>(options: { prompt: WindowPrompt; answer: (...args: never[]) => Promise<unknown> }, run: () => Thenable<T>): Promise<T> {
  const window = vscode.window as unknown as Record<WindowPrompt, unknown>;
  const original = window[options.prompt];
  window[options.prompt] = options.answer;
  try {
    return await run();
  } finally {
    window[options.prompt] = original;
  }
}
