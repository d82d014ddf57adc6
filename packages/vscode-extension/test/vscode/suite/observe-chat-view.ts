import * as vscode from 'vscode';
import { CHAT_VIEW_ID } from '../../../src/host/chat-view-provider.js';

/** What the chat view's webview gets from the extension, seen at the VS Code API boundary. */
export interface ChatViewObserver {
  /** Each message the extension posts to the view's page, as it is posted. */
  readonly onDidPost: vscode.Event<unknown>;
  /** Fires when VS Code gives the extension a new page for the view (first open, or shown again after being hidden). */
  readonly onDidResolve: vscode.Event<void>;
  dispose(): void;
}

/**
 * Watches the chat view the way VS Code drives it: wraps `window.registerWebviewViewProvider` so
 * that each webview VS Code creates for the view reports what the extension posts to it. The
 * tests live in the extension's folder, so VS Code hands them the extension's own `vscode` API
 * object, and the extension registers its provider through the wrapper — which is why this must
 * be installed before the extension activates (it throws otherwise).
 */
export function observeChatView(extension: vscode.Extension<unknown>): ChatViewObserver {
  if (extension.isActive) throw new Error(`${extension.id} is already active: observeChatView() must run before anything opens the chat view.`);
  const posted = new vscode.EventEmitter<unknown>();
  const resolved = new vscode.EventEmitter<void>();
  const window = vscode.window as { registerWebviewViewProvider: typeof vscode.window.registerWebviewViewProvider };
  const register = window.registerWebviewViewProvider;
  window.registerWebviewViewProvider = (viewId, provider, options) => {
    if (viewId !== CHAT_VIEW_ID) return register(viewId, provider, options);
    const observed: vscode.WebviewViewProvider = {
      resolveWebviewView(view, context, token) {
        const webview = view.webview;
        const postMessage = webview.postMessage.bind(webview);
        webview.postMessage = (message: unknown) => {
          posted.fire(message);
          return postMessage(message);
        };
        resolved.fire();
        return provider.resolveWebviewView(view, context, token);
      },
    };
    return register(viewId, observed, options);
  };
  return {
    onDidPost: posted.event,
    onDidResolve: resolved.event,
    dispose() {
      window.registerWebviewViewProvider = register;
      posted.dispose();
      resolved.dispose();
    },
  };
}
