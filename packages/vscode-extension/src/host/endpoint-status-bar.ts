import * as vscode from 'vscode';
import type { EndpointProfile } from '../chat/endpoint-profile.js';

/** The status-bar item showing the current endpoint; a click opens the endpoint picker. */
export interface EndpointStatusBar extends vscode.Disposable {
  update(profile: EndpointProfile | undefined): void;
}

/** Creates and shows the endpoint status-bar item. */
export function createEndpointStatusBar(): EndpointStatusBar {
  const item = vscode.window.createStatusBarItem('sagestream.endpoint', vscode.StatusBarAlignment.Right, 100);
  item.name = 'SageStream Endpoint';
  item.command = 'sagestream.selectEndpoint';
  item.show();
  const update = (profile: EndpointProfile | undefined): void => {
    if (!profile) {
      item.text = '$(server) SageStream: no endpoint';
      item.tooltip = 'SageStream: choose an endpoint';
      return;
    }
    const where = profile.source === 'mock' ? `local mock ${profile.endpointUrl ?? ''}`.trim() : [profile.region ?? 'default region', profile.profile ? `profile ${profile.profile}` : undefined].filter(Boolean).join(' · ');
    item.text = `$(server) ${profile.label}`;
    item.tooltip = `SageStream: ${profile.endpointName}${profile.inferenceComponentName ? ` / ${profile.inferenceComponentName}` : ''} · format ${profile.format} · ${where}\nClick to choose another endpoint.`;
  };
  update(undefined);
  return { update, dispose: () => item.dispose() };
}
