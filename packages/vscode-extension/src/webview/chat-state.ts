import { PROTOCOL_VERSION } from '../shared/protocol.js';
import type {
  ConversationSummary,
  ConversationView,
  EndpointsState,
  HostCapabilities,
  HostMessage,
  MessageView,
  NoticeLevel,
  StreamingTarget,
} from '../shared/protocol.js';

/** Everything the chat UI shows; changed only by {@link reduceChatState}. */
export interface ChatState {
  /** `connecting` until the host's `init`; `incompatible` if it speaks another protocol version. */
  status: 'connecting' | 'ready' | 'incompatible';
  capabilities: HostCapabilities;
  endpoints: EndpointsState;
  conversations: ConversationSummary[];
  conversation: ConversationView | null;
  streaming: StreamingTarget | null;
  /** The latest notice; `id` grows so the same text twice is shown twice. */
  notice: { id: number; level: NoticeLevel; text: string } | null;
  /** A request to put text in the message box and focus it; `request` grows with each. */
  composer: { request: number; text?: string };
  /** The user message being edited (Edit & Resend). */
  editingMessageId: string | null;
  historyOpen: boolean;
  /** A reply delta did not line up with the text we have: ask the host for a fresh snapshot. */
  outOfSync: boolean;
}

/** What the UI itself does to its state (the host's messages are the other kind of action). */
export type UiAction =
  | { type: 'ui/toggle-history' }
  | { type: 'ui/close-history' }
  | { type: 'ui/edit-start'; messageId: string }
  | { type: 'ui/edit-cancel' }
  | { type: 'ui/dismiss-notice' }
  | { type: 'ui/notice'; level: NoticeLevel; text: string }
  | { type: 'ui/resync-requested' };

/** An input of the reducer. */
export type ChatAction = { type: 'host'; message: HostMessage } | UiAction;

/** The state before the host has spoken. */
export const INITIAL_CHAT_STATE: ChatState = {
  status: 'connecting',
  capabilities: { insertCode: false, actions: [] },
  endpoints: { options: [], mode: 'mock', problems: [] },
  conversations: [],
  conversation: null,
  streaming: null,
  notice: null,
  composer: { request: 0 },
  editingMessageId: null,
  historyOpen: false,
  outOfSync: false,
};

function withMessages(state: ChatState, conversationId: string, update: (messages: MessageView[]) => MessageView[] | undefined): ChatState {
  if (!state.conversation || state.conversation.id !== conversationId) return state; // another conversation: not shown
  const messages = update(state.conversation.messages);
  return messages ? { ...state, conversation: { ...state.conversation, messages } } : state;
}

function replaceAt(messages: MessageView[], index: number, message: MessageView): MessageView[] {
  const next = messages.slice();
  next[index] = message;
  return next;
}

function findIndex(messages: MessageView[], id: string): number {
  // Streaming targets the last message: search from the end.
  for (let index = messages.length - 1; index >= 0; index--) if (messages[index]!.id === id) return index;
  return -1;
}

function reduceHostMessage(state: ChatState, message: HostMessage): ChatState {
  switch (message.type) {
    case 'init':
      if (message.protocolVersion !== PROTOCOL_VERSION) return { ...state, status: 'incompatible' };
      return {
        ...state,
        status: 'ready',
        capabilities: message.capabilities,
        endpoints: message.endpoints,
        conversations: message.conversations,
        conversation: message.conversation,
        streaming: message.streaming,
        editingMessageId: null,
        outOfSync: false,
      };
    case 'endpoints':
      return { ...state, endpoints: message.endpoints };
    case 'conversations':
      return { ...state, conversations: message.conversations };
    case 'conversation': {
      const keepEditing = state.editingMessageId !== null && message.conversation.messages.some((candidate) => candidate.id === state.editingMessageId);
      return { ...state, conversation: message.conversation, editingMessageId: keepEditing ? state.editingMessageId : null, historyOpen: false };
    }
    case 'message-added':
      return withMessages(state, message.conversationId, (messages) => (findIndex(messages, message.message.id) === -1 ? [...messages, message.message] : undefined));
    case 'reply-delta': {
      let gap = false;
      const next = withMessages(state, message.conversationId, (messages) => {
        const index = findIndex(messages, message.messageId);
        const current = messages[index];
        if (!current) return undefined;
        if (current.text.length === message.offset) return replaceAt(messages, index, { ...current, text: current.text + message.text });
        // Already have it (a repeat after a resync) or missing text in between.
        gap = message.offset > current.text.length || message.offset + message.text.length > current.text.length;
        return undefined;
      });
      return gap ? { ...next, outOfSync: true } : next;
    }
    case 'reasoning-delta': {
      let gap = false;
      const next = withMessages(state, message.conversationId, (messages) => {
        const index = findIndex(messages, message.messageId);
        const current = messages[index];
        if (!current) return undefined;
        const reasoning = current.reasoning ?? '';
        if (reasoning.length === message.offset) return replaceAt(messages, index, { ...current, reasoning: reasoning + message.text });
        gap = message.offset > reasoning.length || message.offset + message.text.length > reasoning.length;
        return undefined;
      });
      return gap ? { ...next, outOfSync: true } : next;
    }
    case 'tool-call':
      return withMessages(state, message.conversationId, (messages) => {
        const index = findIndex(messages, message.messageId);
        const current = messages[index];
        if (!current) return undefined;
        return replaceAt(messages, index, { ...current, toolCalls: [...(current.toolCalls ?? []), message.call] });
      });
    case 'reply-end':
      return withMessages(state, message.conversationId, (messages) => {
        const index = findIndex(messages, message.message.id);
        return index === -1 ? [...messages, message.message] : replaceAt(messages, index, message.message);
      });
    case 'streaming':
      return { ...state, streaming: message.streaming };
    case 'notice':
      return { ...state, notice: { id: (state.notice?.id ?? 0) + 1, level: message.level, text: message.text } };
    case 'focus-composer':
      return { ...state, composer: message.text === undefined ? { request: state.composer.request + 1 } : { request: state.composer.request + 1, text: message.text } };
  }
}

/** The chat UI's reducer: pure, so every transition is unit-tested without a DOM. */
export function reduceChatState(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'host':
      return reduceHostMessage(state, action.message);
    case 'ui/toggle-history':
      return { ...state, historyOpen: !state.historyOpen };
    case 'ui/close-history':
      return state.historyOpen ? { ...state, historyOpen: false } : state;
    case 'ui/edit-start':
      return state.streaming ? state : { ...state, editingMessageId: action.messageId };
    case 'ui/edit-cancel':
      return { ...state, editingMessageId: null };
    case 'ui/dismiss-notice':
      return state.notice ? { ...state, notice: null } : state;
    case 'ui/notice':
      return { ...state, notice: { id: (state.notice?.id ?? 0) + 1, level: action.level, text: action.text } };
    case 'ui/resync-requested':
      return { ...state, outOfSync: false };
  }
}
