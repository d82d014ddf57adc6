/** The webview entry inside VS Code: the chat UI over VS Code's postMessage bridge. */
import { mountChatApp } from './chat-app.js';
import { createVsCodeBridge } from './host-bridge.js';

const root = document.getElementById('app');
if (root) mountChatApp({ root, bridge: createVsCodeBridge() });
