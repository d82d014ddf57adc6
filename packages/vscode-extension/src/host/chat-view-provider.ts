import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderChatPage } from '../shared/chat-page-html.js';
import { webviewContentSecurityPolicy } from '../shared/content-security-policy.js';
import { safeParseWebviewMessage } from '../shared/parse-webview-message.js';
import type { HostMessage, WebviewMessage } from '../shared/protocol.js';

/** The chat view's id (package.json `contributes.views`). */
export const CHAT_VIEW_ID = 'sagestream.chatView';

/** Options of {@link ChatViewProvider}. */
export interface ChatViewProviderOptions {
  extensionUri: vscode.Uri;
  /** Receives each validated message from the webview. */
  onMessage(message: WebviewMessage): void | Promise<void>;
  log: vscode.LogOutputChannel;
}

/**
 * The chat webview view: a locked-down page (CSP with a fresh nonce, scripts and styles only from
 * `dist/webview`), and a message channel validated in both directions. The webview may be disposed
 * whenever it is hidden; it says `ready` when it comes back and gets a full snapshot.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private pendingFocus: HostMessage | undefined;

  constructor(private readonly options: ChatViewProviderOptions) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const assets = vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [assets] };
    const nonce = randomBytes(18).toString('base64');
    view.webview.html = renderChatPage({
      title: 'SageStream',
      nonce,
      contentSecurityPolicy: webviewContentSecurityPolicy({ cspSource: view.webview.cspSource, nonce }),
      scriptUrl: view.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.js')).toString(),
      styleUrls: [view.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.css')).toString()],
    });
    const subscription = view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    view.onDidDispose(() => {
      subscription.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  /** Sends a message if the view is showing; a focus request waits until it is ready. */
  post(message: HostMessage): void {
    if (message.type === 'focus-composer' && !this.ready) {
      this.pendingFocus = message;
      return;
    }
    if (!this.view || !this.ready) return;
    void this.view.webview.postMessage(message);
  }

  /** Opens the view (creating its webview if needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  private async receive(raw: unknown): Promise<void> {
    const result = safeParseWebviewMessage(raw);
    if (!result.success) {
      this.options.log.warn(`Ignored a message from the chat view: ${result.error.message}`);
      return;
    }
    if (result.value.type === 'ready') this.ready = true;
    try {
      await this.options.onMessage(result.value);
    } catch (error) {
      this.options.log.error(`Handling ${result.value.type} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (result.value.type === 'ready' && this.pendingFocus) {
      const focus = this.pendingFocus;
      this.pendingFocus = undefined;
      this.post(focus);
    }
  }
}
