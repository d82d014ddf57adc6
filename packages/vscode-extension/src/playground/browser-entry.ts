/** The playground page's entry: the chat UI over an in-page host that streams from this origin. */
import { mountChatApp } from '../webview/chat-app.js';
import { createInPageHost } from './in-page-host.js';

async function start(root: HTMLElement): Promise<void> {
  const statefulSessions = new URLSearchParams(location.search).get('sessions') === '1';
  const host = await createInPageHost({ baseUrl: location.origin, storage: localStorage, sessionStorage, statefulSessions });
  mountChatApp({ root, bridge: host.bridge });
  // Stop streaming when the page goes away, so the server sees the client leave.
  addEventListener('pagehide', () => {
    host.controller.stop();
    // Best effort: close the page's sessions (they expire on their own if the page is gone first).
    if (statefulSessions) void host.controller.dispose();
  });
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
}
