import * as vscode from 'vscode';
import type { ChatController } from '../chat/chat-controller.js';
import { buildFilePrompt, buildSelectionPrompt } from '../chat/editor-prompts.js';
import { pickAwsProfile, pickAwsRegion } from './aws-target-pickers.js';
import type { ChatViewProvider } from './chat-view-provider.js';
import { runEndpointPicker } from './endpoint-picker.js';
import { SETTINGS_SECTION, setUseMock } from './read-settings.js';

/** What the commands act on. */
export interface CommandContext {
  controller: ChatController;
  provider: ChatViewProvider;
  log: vscode.LogOutputChannel;
}

function fileNameOf(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
}

/** Registers the SageStream commands; returns their disposables. */
export function registerCommands({ controller, provider, log }: CommandContext): vscode.Disposable[] {
  const register = (id: string, run: () => unknown): vscode.Disposable => vscode.commands.registerCommand(`sagestream.${id}`, run);
  return [
    register('newChat', async () => {
      await provider.reveal();
      controller.newChat();
    }),
    register('stop', () => controller.stop()),
    register('askAboutSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void vscode.window.showInformationMessage('Select some code first, then ask SageStream about it.');
        return;
      }
      const question = await vscode.window.showInputBox({ title: 'Ask SageStream about the selection', prompt: 'Your question (Enter alone: explain it)', placeHolder: 'Explain this code.' });
      if (question === undefined) return;
      const { selection, document } = editor;
      await provider.reveal();
      await controller.send(
        buildSelectionPrompt({
          question,
          code: document.getText(selection),
          languageId: document.languageId,
          fileName: fileNameOf(document),
          startLine: selection.start.line + 1,
          endLine: selection.end.line + 1 - (selection.end.character === 0 && selection.end.line > selection.start.line ? 1 : 0),
        }),
      );
    }),
    register('explainFile', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document) {
        void vscode.window.showInformationMessage('Open a file first, then ask SageStream to explain it.');
        return;
      }
      const { prompt, truncated } = buildFilePrompt({ code: document.getText(), languageId: document.languageId, fileName: fileNameOf(document) });
      if (truncated) void vscode.window.showInformationMessage('The file is long: only its beginning is sent.');
      await provider.reveal();
      await controller.send(prompt);
    }),
    register('selectEndpoint', () => runEndpointPicker({ controller, log })),
    register('selectAwsProfile', () => pickAwsProfile()),
    register('selectAwsRegion', () => pickAwsRegion()),
    register('useMock', async () => {
      await setUseMock(true);
      void vscode.window.showInformationMessage(`SageStream now talks to the local mock at ${controller.endpoints.mockUrl} (start it with \`npm start\`).`);
    }),
    register('useAws', async () => {
      const configured = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown[]>('endpoints') ?? [];
      if (configured.length === 0) {
        const choice = await vscode.window.showWarningMessage('No SageMaker endpoints are configured yet: add one to sagestream.endpoints.', 'Open Settings');
        if (choice) await vscode.commands.executeCommand('workbench.action.openSettingsJson');
        return;
      }
      await setUseMock(false);
    }),
    register('exportChat', () => controller.exportChat()),
    register('clearHistory', () => controller.clearHistory()),
  ];
}
