import { createFetchTransport } from '@sagestream/core';
import { createChatController, type ChatController } from '../chat/chat-controller.js';
import { createKeyValueHistoryStore } from '../chat/history-store.js';
import type { MockEndpointSummary } from '../chat/mock-profiles.js';
import { resolveEndpoints } from '../chat/resolve-endpoints.js';
import { safeParseWebviewMessage } from '../shared/parse-webview-message.js';
import type { HostMessage } from '../shared/protocol.js';
import type { HostBridge } from '../webview/host-bridge.js';
import { createBrowserPlatform } from './browser-platform.js';
import { webStorage } from './web-storage.js';

/** localStorage key of the endpoint picked last. */
const ACTIVE_ENDPOINT_KEY = 'sagestream.activeEndpoint';
/** sessionStorage key of the UI's own state (the draft). */
const UI_STATE_KEY = 'sagestream.ui';

/** Options of {@link createInPageHost}. */
export interface InPageHostOptions {
  /** Where the mock is: the page's own origin. */
  baseUrl: string;
  /** Where history persists (localStorage). */
  storage: Storage;
  /** Where the UI keeps its draft (sessionStorage). */
  sessionStorage: Storage;
  /** One SageMaker stateful session per conversation (the page's `?sessions=1`), as `sagestream.statefulSessions`. */
  statefulSessions?: boolean;
}

/** The playground's host: the chat engine running in the page, and the bridge the UI talks to. */
export interface InPageHost {
  bridge: HostBridge;
  controller: ChatController;
}

async function listMockEndpoints(baseUrl: string): Promise<MockEndpointSummary[] | undefined> {
  try {
    const response = await fetch(`${baseUrl}/_mock/endpoints`);
    if (!response.ok) return undefined;
    const list: unknown = await response.json();
    if (!Array.isArray(list)) return undefined;
    const endpoints = list.filter((entry): entry is MockEndpointSummary => typeof entry === 'object' && entry !== null && typeof (entry as MockEndpointSummary).name === 'string');
    return endpoints.length > 0 ? endpoints : undefined;
  } catch {
    return undefined; // the built-in list is used
  }
}

/**
 * Runs the same chat engine as the extension host, in the page: core's fetch transport against the
 * mock on this origin, history in localStorage. Messages cross the bridge as copies, asynchronously
 * and validated on both sides — exactly like postMessage in VS Code, so the UI cannot tell.
 */
export async function createInPageHost(options: InPageHostOptions): Promise<InPageHost> {
  const listeners = new Set<(message: unknown) => void>();
  const mockEndpoints = await listMockEndpoints(options.baseUrl);
  const transport = createFetchTransport({ baseUrl: options.baseUrl });
  const deliver = (message: HostMessage): void => {
    const copy = structuredClone(message);
    queueMicrotask(() => listeners.forEach((listener) => listener(copy)));
  };
  const controller = createChatController({
    store: createKeyValueHistoryStore({ storage: webStorage(options.storage) }),
    platform: createBrowserPlatform(),
    post: deliver,
    transportFor: () => transport,
    endpoints: resolveEndpoints({ useMock: true, mockUrl: options.baseUrl }, mockEndpoints ? { mockEndpoints } : {}),
    initialEndpointId: options.storage.getItem(ACTIVE_ENDPOINT_KEY) ?? undefined,
    onEndpointSelected: (id) => options.storage.setItem(ACTIVE_ENDPOINT_KEY, id),
    capabilities: { insertCode: false, actions: [] },
    statefulSessions: () => options.statefulSessions === true,
  });
  const bridge: HostBridge = {
    post(message) {
      const copy: unknown = structuredClone(message);
      queueMicrotask(() => {
        const result = safeParseWebviewMessage(copy);
        if (!result.success) return console.warn(`SageStream: ignored a UI message: ${result.error.message}`);
        void controller.handle(result.value);
      });
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState() {
      try {
        return JSON.parse(options.sessionStorage.getItem(UI_STATE_KEY) ?? 'null') as unknown;
      } catch {
        return undefined;
      }
    },
    setState: (state) => options.sessionStorage.setItem(UI_STATE_KEY, JSON.stringify(state)),
  };
  return { bridge, controller };
}
