import * as vscode from 'vscode';
import type { ChatPlatform } from '../chat/chat-platform.js';
import { isSafeExternalUrl } from '../shared/link-policy.js';

/** The chat's platform in VS Code: clipboard, editors, external links, terminals, settings. */
export function createVsCodePlatform(): ChatPlatform {
  return {
    copyText: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    async insertCode(code) {
      // Focus is in the chat view, but the last active editor is still the active text editor.
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) return false;
      const applied = await editor.edit((builder) => {
        for (const selection of editor.selections) builder.replace(selection, code);
      });
      if (applied) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      return applied;
    },
    async openLink(url) {
      // Checked again here: nothing but http(s) is ever handed to openExternal.
      if (!isSafeExternalUrl(url)) return;
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
    },
    async saveMarkdown({ markdown }) {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.window.showTextDocument(document, { preview: false });
    },
    async confirm(message) {
      return (await vscode.window.showWarningMessage(message, { modal: true }, 'Delete')) === 'Delete';
    },
    async runAction(action) {
      switch (action.kind) {
        case 'sso-login': {
          const terminal = vscode.window.createTerminal({ name: 'AWS SSO login' });
          terminal.show();
          // The profile name was validated against [\w.+@-] by the protocol: safe to type.
          terminal.sendText(`aws sso login${action.profile ? ` --profile ${action.profile}` : ''}`);
          return;
        }
        case 'use-mock':
          await vscode.commands.executeCommand('sagestream.useMock');
          return;
        case 'open-settings':
          await vscode.commands.executeCommand('workbench.action.openSettings', 'sagestream');
          return;
      }
    },
  };
}
