import path from 'node:path';
import * as vscode from 'vscode';

/** File in the workspace folder that the first phase leaves for the second (after the reload). */
const RELOAD_MARKER = '.sagestream-test-reloaded.json';

/** What the second phase expects to find after the window reload. */
export interface ReloadExpectation {
  conversationId: string;
  title: string;
  prompt: string;
  reply: string;
}

/** Path of the marker the first phase writes for the second. */
export function reloadMarkerPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('The VS Code suite needs a workspace folder: pass one to runTests in launchArgs.');
  return path.join(folder, RELOAD_MARKER);
}
