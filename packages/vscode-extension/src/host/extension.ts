import * as vscode from 'vscode';
import { createChatController, type ChatController } from '../chat/chat-controller.js';
import { createKeyValueHistoryStore } from '../chat/history-store.js';
import { resolveEndpoints } from '../chat/resolve-endpoints.js';
import { activeSelection, registerChatParticipant } from './chat-participant.js';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat-view-provider.js';
import { createEndpointStatusBar } from './endpoint-status-bar.js';
import { registerLanguageModelProvider } from './language-model-provider.js';
import { mementoStorage } from './memento-storage.js';
import { createTransportCache } from './profile-transport.js';
import { readSettings, readStatefulSessions, SETTINGS_SECTION, setUseMock } from './read-settings.js';
import { registerCommands } from './register-commands.js';
import { createVsCodePlatform } from './vscode-platform.js';

/** Workspace-state key of the endpoint picked last. */
const ACTIVE_ENDPOINT_KEY = 'sagestream.activeEndpoint';

/** What `activate` returns: the chat engine (the extension's integration tests drive it as the view does). */
export interface SageStreamApi {
  readonly controller: ChatController;
}

/** Wires the extension: the chat engine, its view, settings and commands. No logic lives here. */
export function activate(context: vscode.ExtensionContext): SageStreamApi {
  const log = vscode.window.createOutputChannel('SageStream', { log: true });
  const transports = createTransportCache();
  const setContext = (key: string, value: unknown): void => void vscode.commands.executeCommand('setContext', key, value);
  const statusBar = createEndpointStatusBar();
  const provider = new ChatViewProvider({
    extensionUri: context.extensionUri,
    log,
    onMessage: (message) => controller.handle(message),
  });
  // Fires whenever the endpoint list changes (settings, discovery): VS Code re-reads the chat models.
  const endpointsChanged = new vscode.EventEmitter<void>();
  const controller = createChatController({
    store: createKeyValueHistoryStore({ storage: mementoStorage(context.workspaceState) }),
    platform: createVsCodePlatform(),
    post: (message) => provider.post(message),
    transportFor: (profile) => transports.transportFor(profile),
    endpoints: resolveEndpoints(readSettings()),
    initialEndpointId: context.workspaceState.get<string>(ACTIVE_ENDPOINT_KEY),
    onEndpointSelected: (id) => {
      void context.workspaceState.update(ACTIVE_ENDPOINT_KEY, id);
      statusBar.update(controller.activeProfile());
    },
    onEndpointsChange: () => endpointsChanged.fire(),
    onStreamingChange: (streaming) => setContext('sagestream.streaming', streaming),
    capabilities: { insertCode: true, actions: ['sso-login', 'use-mock', 'open-settings'] },
    statefulSessions: readStatefulSessions,
  });
  const showSettingsState = (): void => {
    setContext('sagestream.usingMock', controller.endpoints.mode === 'mock');
    for (const problem of controller.endpoints.problems) log.warn(problem);
  };
  showSettingsState();
  statusBar.update(controller.activeProfile());
  // VS Code's own chat: every endpoint of the panel's list as a chat model, and `@sagemaker`.
  context.subscriptions.push(
    endpointsChanged,
    registerLanguageModelProvider({ endpoints: () => controller.endpoints, transportFor: (profile) => transports.transportFor(profile), onDidChangeEndpoints: endpointsChanged.event, log }),
    registerChatParticipant(
      {
        endpoints: () => controller.endpoints,
        activeProfile: () => controller.activeProfile(),
        selectEndpoint: (id) => controller.selectEndpoint(id),
        useMock: async () => {
          await setUseMock(true);
          return controller.endpoints.mockUrl;
        },
        transportFor: (profile) => transports.transportFor(profile),
        selection: activeSelection,
      },
      context.extensionUri,
    ),
  );
  context.subscriptions.push(
    statusBar,
    log,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
      transports.clear();
      controller.setEndpoints(resolveEndpoints(readSettings()));
      statusBar.update(controller.activeProfile());
      showSettingsState();
    }),
    ...registerCommands({ controller, provider, log }),
    { dispose: () => void controller.dispose() },
  );
  log.info(`SageStream ready: ${controller.endpoints.mode === 'mock' ? `local mock at ${controller.endpoints.mockUrl}` : `${controller.endpoints.profiles.length} AWS endpoint(s)`}.`);
  return { controller };
}

/** Nothing to do: everything is disposed through `context.subscriptions`. */
export function deactivate(): void {}
