/**
 * The typed message protocol between the chat engine (extension host, or the playground's in-page
 * host) and the chat UI (webview). Both directions are discriminated unions on `type`; every
 * message is validated on arrival (`parseHostMessage`, `parseWebviewMessage`), because neither
 * side trusts the other's input. Nothing here may carry credentials.
 */

/** Bumped on any incompatible change; the webview refuses an `init` of another version. */
export const PROTOCOL_VERSION = 1;

/** Longest prompt or code text accepted in one message (characters). */
export const MAX_TEXT_LENGTH = 1_000_000;

/** Longest id (conversation, message, endpoint) accepted. */
export const MAX_ID_LENGTH = 128;

/** Who wrote a message. */
export type MessageRole = 'user' | 'assistant';

/** Where a message is in its life: user messages are always `complete`. */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'failed';

/** A button the UI may offer next to an error; the host decides what it does. */
export type ErrorAction = { kind: 'sso-login'; profile?: string } | { kind: 'use-mock' } | { kind: 'open-settings' };

/** An error as it crosses postMessage: a plain object, classified by `code`, never by message. */
export interface ErrorInfo {
  code: string;
  message: string;
  /** A step or command that fixes it, shown as-is (backticks mark commands). */
  fix?: string;
  requestId?: string;
  statusCode?: number;
  /** ModelError: the status the model container returned. */
  originalStatusCode?: number;
  /** ModelError: the container's own message. */
  originalMessage?: string;
  /** ModelError: a CloudWatch link for the container logs (https only). */
  logUrl?: string;
  actions?: ErrorAction[];
}

/** Timing and volume of one reply, shown in its footer. */
export interface ReplyStats {
  endpointLabel: string;
  endpointName: string;
  /** `x-Amzn-Invoked-Production-Variant`. */
  variant?: string;
  requestId?: string;
  timeToFirstTokenMs?: number;
  tokens?: number;
  tokensPerSecond?: number;
  durationMs?: number;
  /** Why the model stopped (`stop`, `length`, `stop-sequence`, …). */
  finishReason?: string;
  /** Prompt tokens as the container counted them (usage chunk / `details`), when it sent them. */
  promptTokens?: number;
  /** Generated tokens as the container counted them, when it sent them. */
  completionTokens?: number;
}

/** A tool call the model made, assembled from its streamed fragments. */
export interface ToolCallView {
  /** The server's call id (may be empty). */
  id: string;
  name: string;
  /** The arguments as the model wrote them (usually JSON). */
  arguments: string;
}

/** One message of a conversation, as stored and as shown. */
export interface MessageView {
  id: string;
  role: MessageRole;
  text: string;
  /** Unix time in milliseconds. */
  createdAt: number;
  status: MessageStatus;
  /** The model's reasoning ("thinking"), streamed separately from the answer. */
  reasoning?: string;
  /** Tool calls the model made, in order. */
  toolCalls?: ToolCallView[];
  error?: ErrorInfo;
  stats?: ReplyStats;
}

/** A conversation with its messages. */
export interface ConversationView {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: MessageView[];
}

/** A conversation in the history list. */
export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

/** An endpoint the user can pick; never carries credentials. */
export interface EndpointOption {
  id: string;
  label: string;
  /** e.g. `mock-messages · local mock` or `my-llm · us-east-1 · profile dev`. */
  detail: string;
}

/** Whether the chat talks to the local mock or to AWS. */
export type EndpointMode = 'mock' | 'aws';

/** The endpoint picker's content. */
export interface EndpointsState {
  options: EndpointOption[];
  activeId?: string;
  mode: EndpointMode;
  /** Problems found in the settings, e.g. an endpoint without a name. */
  problems: string[];
}

/** What the host can do; the UI hides what it cannot. */
export interface HostCapabilities {
  /** Insert at Cursor (an editor exists). */
  insertCode: boolean;
  /** Error actions the host implements. */
  actions: ErrorAction['kind'][];
}

/** The reply that is streaming right now, anywhere. */
export interface StreamingTarget {
  conversationId: string;
  messageId: string;
}

/** Messages from the host to the webview. */
export type HostMessage =
  | {
      type: 'init';
      protocolVersion: number;
      capabilities: HostCapabilities;
      endpoints: EndpointsState;
      conversations: ConversationSummary[];
      conversation: ConversationView;
      streaming: StreamingTarget | null;
    }
  | { type: 'endpoints'; endpoints: EndpointsState }
  | { type: 'conversations'; conversations: ConversationSummary[] }
  | { type: 'conversation'; conversation: ConversationView }
  | { type: 'message-added'; conversationId: string; message: MessageView }
  /** Text appended to a streaming reply; `offset` is the reply's length before it (gap detection). */
  | { type: 'reply-delta'; conversationId: string; messageId: string; offset: number; text: string }
  /** Reasoning appended to a streaming reply; `offset` is the reasoning's length before it. */
  | { type: 'reasoning-delta'; conversationId: string; messageId: string; offset: number; text: string }
  /** A complete tool call of a streaming reply. */
  | { type: 'tool-call'; conversationId: string; messageId: string; call: ToolCallView }
  /** The reply's final form: full text, status, stats, error. */
  | { type: 'reply-end'; conversationId: string; message: MessageView }
  | { type: 'streaming'; streaming: StreamingTarget | null }
  | { type: 'notice'; level: NoticeLevel; text: string }
  /** Put text in the message box (if given) and focus it. */
  | { type: 'focus-composer'; text?: string };

/** Severity of a notice. */
export type NoticeLevel = 'info' | 'warning' | 'error';

/** Messages from the webview to the host. */
export type WebviewMessage =
  | { type: 'ready'; protocolVersion: number }
  | { type: 'send-prompt'; text: string }
  | { type: 'stop' }
  | { type: 'regenerate'; messageId: string }
  | { type: 'edit-resend'; messageId: string; text: string }
  | { type: 'new-chat' }
  | { type: 'switch-conversation'; conversationId: string }
  | { type: 'delete-conversation'; conversationId: string }
  | { type: 'select-endpoint'; endpointId: string }
  | { type: 'copy-text'; text: string }
  | { type: 'insert-code'; code: string }
  | { type: 'open-link'; url: string }
  | { type: 'export-chat' }
  | { type: 'clear-history' }
  | { type: 'run-action'; action: ErrorAction };

/** The `type`s of {@link HostMessage}. */
export type HostMessageType = HostMessage['type'];
/** The `type`s of {@link WebviewMessage}. */
export type WebviewMessageType = WebviewMessage['type'];

/** A parse result: the typed message, or why it was rejected. */
export type ParseResult<T> = { success: true; value: T } | { success: false; error: { code: 'invalid-message'; message: string } };
