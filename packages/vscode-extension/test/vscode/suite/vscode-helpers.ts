import * as vscode from 'vscode';
import type { SageStreamApi } from '../../../src/host/extension.js';
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
 * Shows the chat view and brings the watched state up to date. The webview may be a new page (it
 * then says `ready` and gets a snapshot) or one kept from before (which gets nothing new), so wait
 * until it is ready and ask for a fresh snapshot either way.
 */
export async function showChatView(view: ChatViewWatcher, api: SageStreamApi): Promise<void> {
  await vscode.commands.executeCommand('sagestream.chatView.focus');
  const init = view.next('init', { timeoutMs: 60_000 });
  await waitFor(() => api.resendSnapshot!(), { what: 'the chat view to say it is ready', timeoutMs: 60_000 });
  await init;
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
