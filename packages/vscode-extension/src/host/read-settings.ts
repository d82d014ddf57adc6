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

/** The AWS profile and region discovery uses (`sagestream.profile`, `sagestream.region`); empty means the SDK's defaults. */
export function readAwsTarget(): { profile?: string; region?: string } {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const text = (key: string): string | undefined => {
    const value = configuration.get<unknown>(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const profile = text('profile');
  const region = text('region');
  return { ...(profile ? { profile } : {}), ...(region ? { region } : {}) };
}

/** Updates a `sagestream.*` setting where it is defined (workspace folder, workspace, else user settings). */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inspected = configuration.inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await configuration.update(key, value, target);
}
