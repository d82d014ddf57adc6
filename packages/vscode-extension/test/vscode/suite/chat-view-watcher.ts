import type * as vscode from 'vscode';
import type { ChatViewObserver } from './observe-chat-view.js';
import { parseHostMessage } from '../../../src/shared/parse-host-message.js';
import type { HostMessage } from '../../../src/shared/protocol.js';
import { INITIAL_CHAT_STATE, reduceChatState, type ChatState } from '../../../src/webview/chat-state.js';

/** How long a wait may take by default: a reply from the mock streams in a few seconds. */
const DEFAULT_TIMEOUT_MS = 20_000;

/** The chat view's state, built the way the webview builds it. */
export interface ChatViewWatcher {
  /** The state now. */
  readonly state: ChatState;
  /** Resolves with the state once `predicate` holds for it (now or after a later message). */
  until(predicate: (state: ChatState) => boolean, options?: { what?: string; timeoutMs?: number }): Promise<ChatState>;
  /** Resolves with the next message of `type` posted after this call. */
  next<T extends HostMessage['type']>(type: T, options?: { timeoutMs?: number }): Promise<Extract<HostMessage, { type: T }>>;
  /** Calls `listener` with the state after each message. */
  onChange(listener: (state: ChatState) => void): vscode.Disposable;
  dispose(): void;
}

/**
 * Watches the chat view from the extension host: every message posted to the view goes through the
 * webview's own validator and reducer, so `state` is what the view shows (the UI test in
 * code-server checks the pixels). A new page starts from the initial state, as the webview does.
 */
export function watchChatView(observer: ChatViewObserver): ChatViewWatcher {
  let state = INITIAL_CHAT_STATE;
  const listeners = new Set<(state: ChatState, message: HostMessage) => void>();
  const resolved = observer.onDidResolve(() => {
    state = INITIAL_CHAT_STATE;
  });
  const subscription = observer.onDidPost((raw) => {
    // Validated as the webview validates it: an invalid message fails the waiting test.
    const message = parseHostMessage(structuredClone(raw));
    state = reduceChatState(state, { type: 'host', message });
    for (const listener of [...listeners]) listener(state, message);
  });

  function wait<T>(what: string, timeoutMs: number, check: (state: ChatState, message?: HostMessage) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const finish = (value: T): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(value);
      };
      const listener = (current: ChatState, message: HostMessage): void => {
        const value = check(current, message);
        if (value !== undefined) finish(value);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for the chat view: ${what}. Its state: ${JSON.stringify(summarize(state))}`));
      }, timeoutMs);
      listeners.add(listener);
    });
  }

  return {
    get state() {
      return state;
    },
    until(predicate, options = {}) {
      if (predicate(state)) return Promise.resolve(state);
      return wait(options.what ?? 'a state', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, (current) => (predicate(current) ? current : undefined));
    },
    next(type, options = {}) {
      return wait(`a "${type}" message`, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, (_state, message) => (message?.type === type ? (message as Extract<HostMessage, { type: typeof type }>) : undefined));
    },
    onChange(listener) {
      const wrapped = (current: ChatState): void => listener(current);
      listeners.add(wrapped);
      return { dispose: () => void listeners.delete(wrapped) };
    },
    dispose() {
      subscription.dispose();
      resolved.dispose();
      listeners.clear();
    },
  };
}

/** The state, short enough for an error message. */
function summarize(state: ChatState): unknown {
  return {
    status: state.status,
    endpoints: { mode: state.endpoints.mode, activeId: state.endpoints.activeId },
    conversations: state.conversations.length,
    streaming: state.streaming !== null,
    messages: state.conversation?.messages.map((message) => ({ role: message.role, status: message.status, text: message.text.slice(0, 60) })),
    notice: state.notice?.text,
  };
}

/** The last assistant message of the shown conversation. */
export function lastReply(state: ChatState) {
  return state.conversation?.messages.findLast((message) => message.role === 'assistant');
}
