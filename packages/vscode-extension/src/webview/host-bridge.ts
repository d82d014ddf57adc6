import type { WebviewMessage } from '../shared/protocol.js';

/**
 * The only thing the chat UI knows about where it runs: a way to talk to its host and to keep a
 * little UI state (the draft) across reloads. VS Code: postMessage; the playground: in-page calls.
 */
export interface HostBridge {
  post(message: WebviewMessage): void;
  /** Subscribes to raw (unvalidated) messages from the host; returns an unsubscribe. */
  onMessage(listener: (message: unknown) => void): () => void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** The API VS Code injects into webviews (only once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The bridge inside a VS Code webview. */
export function createVsCodeBridge(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage(listener) {
      const handler = (event: MessageEvent): void => listener(event.data);
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
