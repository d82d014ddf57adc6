import * as vscode from 'vscode';
import type { ChatSettings } from '../chat/resolve-endpoints.js';

/** The configuration section of this extension. */
export const SETTINGS_SECTION = 'sagestream';

/** The `sagestream.*` settings as they are (validated later by `resolveEndpoints`). */
export function readSettings(): ChatSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    endpoints: configuration.get<unknown>('endpoints'),
    defaultEndpoint: configuration.get<unknown>('defaultEndpoint'),
    mockUrl: configuration.get<unknown>('mockUrl'),
    useMock: configuration.get<unknown>('useMock'),
  };
}

/** `sagestream.statefulSessions`: one stateful session per conversation. */
export function readStatefulSessions(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('statefulSessions') === true;
}

/** Sets `sagestream.useMock` where it is defined (workspace folder, workspace or user settings). */
export async function setUseMock(useMock: boolean): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inspected = configuration.inspect<boolean>('useMock');
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await configuration.update('useMock', useMock, target);
}
