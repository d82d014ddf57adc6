import type { StreamTransport } from '@sagestream/core';
import { PROTOCOL_VERSION, type ConversationView, type HostCapabilities, type HostMessage, type MessageView, type WebviewMessage } from '../shared/protocol.js';
import type { ChatPlatform } from './chat-platform.js';
import { createConversationSessions } from './conversation-sessions.js';
import { createConversation, reviveConversation, titleFromPrompt, toChatMessages } from './conversation.js';
import type { EndpointProfile } from './endpoint-profile.js';
import { noEndpointError } from './error-info.js';
import { exportConversationMarkdown, exportFileName } from './export-markdown.js';
import type { HistoryStore } from './history-store.js';
import { handleWebviewMessage } from './handle-webview-message.js';
import { toEndpointsState, type ResolvedEndpoints } from './resolve-endpoints.js';
import { streamReplyInto } from './stream-reply-into.js';

/** Options of {@link createChatController}. */
export interface ChatControllerOptions {
  store: HistoryStore;
  platform: ChatPlatform;
  /** Sends a message to the UI (the webview, or the playground page). */
  post(message: HostMessage): void;
  /** The transport for a profile; may throw (e.g. a bad region), which fails that reply. */
  transportFor(profile: EndpointProfile): StreamTransport;
  endpoints: ResolvedEndpoints;
  /** The endpoint picked last time, if it still exists. */
  initialEndpointId?: string;
  onEndpointSelected?(id: string): void;
  /** After `setEndpoints` (settings, discovery): VS Code's chat models follow the same list. */
  onEndpointsChange?(resolved: ResolvedEndpoints): void;
  /** For the host's `sagestream.streaming` context key. */
  onStreamingChange?(streaming: boolean): void;
  capabilities: HostCapabilities;
  /**
   * Whether replies run in a stateful session per conversation (`sagestream.statefulSessions`);
   * read before each reply, so a settings change applies to the next one.
   */
  statefulSessions?: () => boolean;
  /** Coalescing window for reply text (default 16 ms; 0 = every delta). */
  flushIntervalMs?: number;
  /** How often a streaming reply is saved (default 2 s), so a reload loses little. */
  saveIntervalMs?: number;
  now?: () => number;
  createId?: () => string;
}

/** The chat engine: conversations, one streaming reply at a time, history, export. */
export interface ChatController {
  /** Handles a (validated) message from the UI. */
  handle(message: WebviewMessage): Promise<void>;
  /** Everything the UI needs to draw itself: sent on `ready`. */
  snapshot(): Extract<HostMessage, { type: 'init' }>;
  send(text: string): Promise<void>;
  stop(): void;
  newChat(): void;
  setEndpoints(resolved: ResolvedEndpoints): void;
  selectEndpoint(id: string): void;
  activeProfile(): EndpointProfile | undefined;
  readonly endpoints: ResolvedEndpoints;
  exportChat(): Promise<void>;
  /** Deletes every conversation after the user confirms (skip with `confirmed: true`). */
  clearHistory(options?: { confirmed?: boolean }): Promise<void>;
  readonly streaming: boolean;
  /** Resolves when no reply is streaming or being saved. */
  idle(): Promise<void>;
  /** Stops any reply and waits for it to be saved. */
  dispose(): Promise<void>;
}

interface ActiveReply {
  conversation: ConversationView;
  message: MessageView;
  abort: AbortController;
}

/**
 * Creates the chat engine. It holds no UI: it posts protocol messages and persists to a
 * {@link HistoryStore}, so the extension host and the playground page run the same code.
 *
 * @example
 * const controller = createChatController({ store, platform, post: (m) => webview.postMessage(m), transportFor, endpoints, capabilities });
 * await controller.handle({ type: 'send-prompt', text: 'Hello' });
 */
export function createChatController(options: ChatControllerOptions): ChatController {
  const { store, platform, post } = options;
  const now = options.now ?? Date.now;
  const createId = options.createId ?? (() => crypto.randomUUID());
  const flushIntervalMs = options.flushIntervalMs ?? 16;
  const saveIntervalMs = options.saveIntervalMs ?? 2000;
  let endpoints = options.endpoints;
  let activeEndpointId = pickEndpoint(endpoints, options.initialEndpointId);
  // Conversations loaded this session, by id: the streaming one must stay the same object.
  const open = new Map<string, ConversationView>();
  const latest = store.list()[0];
  let active = (latest && load(latest.id)) || createConversation({ id: createId(), now: now() });
  open.set(active.id, active);
  let reply: ActiveReply | undefined;
  // Replies still running or being saved; idle() waits for all of them.
  const runs = new Set<Promise<void>>();
  const sessions = createConversationSessions({ transportFor: options.transportFor, onCloseError: (text) => notice('warning', text), now });

  function load(id: string): ConversationView | undefined {
    const cached = open.get(id);
    if (cached) return cached;
    const stored = store.load(id);
    if (!stored) return undefined;
    const revived = reviveConversation(stored);
    open.set(id, revived);
    if (revived !== stored) void persist(revived);
    return revived;
  }

  function notice(level: 'info' | 'warning' | 'error', text: string): void {
    post({ type: 'notice', level, text });
  }

  async function persist(conversation: ConversationView): Promise<void> {
    if (conversation.messages.length === 0) return; // an empty chat is not history yet
    try {
      await store.save(structuredClone(conversation));
    } catch (error) {
      notice('warning', `Could not save the chat history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function postConversations(): void {
    post({ type: 'conversations', conversations: store.list() });
  }

  function postConversation(): void {
    post({ type: 'conversation', conversation: structuredClone(active) });
  }

  function postEndpoints(): void {
    post({ type: 'endpoints', endpoints: toEndpointsState(endpoints, activeEndpointId) });
  }

  function activeProfile(): EndpointProfile | undefined {
    return endpoints.profiles.find((profile) => profile.id === activeEndpointId);
  }

  function busy(): boolean {
    if (!reply) return false;
    notice('info', 'A reply is still streaming: stop it first (Esc).');
    return true;
  }

  /** Appends an assistant reply to `conversation` and streams it; resolves once it has started. */
  async function startReply(conversation: ConversationView): Promise<void> {
    const profile = activeProfile();
    const history = toChatMessages(conversation.messages);
    const message: MessageView = { id: createId(), role: 'assistant', text: '', createdAt: now(), status: 'streaming' };
    if (profile) message.stats = { endpointLabel: profile.label, endpointName: profile.endpointName };
    else Object.assign(message, { status: 'failed', error: noEndpointError() });
    conversation.messages.push(message);
    conversation.updatedAt = now();
    post({ type: 'message-added', conversationId: conversation.id, message: structuredClone(message) });
    if (!profile) {
      await persist(conversation);
      return postConversations();
    }
    // Busy from now on (before any await), so a second prompt or a Stop cannot slip in between.
    const current: ActiveReply = { conversation, message, abort: new AbortController() };
    reply = current;
    post({ type: 'streaming', streaming: { conversationId: conversation.id, messageId: message.id } });
    options.onStreamingChange?.(true);
    await persist(conversation);
    postConversations();
    const done = streamReplyInto({
      conversation,
      message,
      profile,
      history,
      signal: current.abort.signal,
      ...(options.statefulSessions?.()
        ? { openSession: (transport: StreamTransport, signal: AbortSignal) => sessions.acquire({ conversationId: conversation.id, profile, transport, signal }) }
        : {}),
      transportFor: options.transportFor,
      post,
      persist,
      flushIntervalMs,
      saveIntervalMs,
      now,
      onEnd() {
        if (reply === current) reply = undefined;
        options.onStreamingChange?.(false);
        void sessions.done(conversation.id);
      },
    }).then(postConversations);
    runs.add(done);
    void done.finally(() => runs.delete(done));
  }

  /** Waits until no reply is streaming or being saved. */
  async function settled(): Promise<void> {
    while (runs.size > 0) await Promise.all(runs);
  }

  async function send(text: string): Promise<void> {
    if (text.trim() === '' || busy()) return;
    const conversation = active;
    if (conversation.messages.length === 0) conversation.title = titleFromPrompt(text);
    const message: MessageView = { id: createId(), role: 'user', text, createdAt: now(), status: 'complete' };
    conversation.messages.push(message);
    post({ type: 'message-added', conversationId: conversation.id, message: structuredClone(message) });
    await startReply(conversation);
  }

  async function regenerate(messageId: string): Promise<void> {
    if (busy()) return;
    const index = active.messages.findIndex((message) => message.id === messageId && message.role === 'assistant');
    if (index === -1) return notice('warning', 'That reply is no longer in this chat.');
    active.messages.splice(index);
    postConversation();
    await startReply(active);
  }

  async function editResend(messageId: string, text: string): Promise<void> {
    if (text.trim() === '' || busy()) return;
    const index = active.messages.findIndex((message) => message.id === messageId && message.role === 'user');
    if (index === -1) return notice('warning', 'That message is no longer in this chat.');
    active.messages.splice(index + 1);
    active.messages[index]!.text = text;
    if (index === 0) active.title = titleFromPrompt(text);
    postConversation();
    await startReply(active);
  }

  function newChat(): void {
    if (active.messages.length > 0) {
      // New Chat ends the previous conversation's session (after its reply, if one is streaming).
      void sessions.release(active.id);
      active = createConversation({ id: createId(), now: now() });
      open.set(active.id, active);
    }
    postConversation();
    postConversations();
    post({ type: 'focus-composer' });
  }

  function switchTo(conversationId: string): void {
    const conversation = load(conversationId);
    if (!conversation) return notice('warning', 'That conversation could not be loaded.');
    active = conversation;
    postConversation();
  }

  async function deleteConversation(conversationId: string): Promise<void> {
    if (reply?.conversation.id === conversationId) {
      reply.abort.abort();
      await settled();
    }
    await sessions.release(conversationId);
    await store.delete(conversationId);
    open.delete(conversationId);
    if (active.id === conversationId) {
      const next = store.list()[0];
      active = (next && load(next.id)) || createConversation({ id: createId(), now: now() });
      open.set(active.id, active);
      postConversation();
    }
    postConversations();
  }

  async function clearHistory(clearOptions: { confirmed?: boolean } = {}): Promise<void> {
    const count = store.list().length;
    if (count === 0 && active.messages.length === 0) return notice('info', 'There is no history to clear.');
    if (!clearOptions.confirmed && !(await platform.confirm(`Delete all ${count} saved ${count === 1 ? 'conversation' : 'conversations'}? This cannot be undone.`))) return;
    if (reply) {
      reply.abort.abort();
      await settled();
    }
    await sessions.releaseAll();
    await store.clear();
    open.clear();
    active = createConversation({ id: createId(), now: now() });
    open.set(active.id, active);
    postConversation();
    postConversations();
  }

  async function exportChat(): Promise<void> {
    if (active.messages.length === 0) return notice('info', 'This chat is empty: there is nothing to export yet.');
    await platform.saveMarkdown({ fileName: exportFileName(active), markdown: exportConversationMarkdown(active, { exportedAt: new Date(now()) }) });
  }

  function selectEndpoint(id: string): void {
    if (!endpoints.profiles.some((profile) => profile.id === id)) return notice('warning', `There is no endpoint "${id}".`);
    activeEndpointId = id;
    options.onEndpointSelected?.(id);
    postEndpoints();
  }

  const handle = (message: WebviewMessage): Promise<void> =>
    handleWebviewMessage(message, {
      platform,
      capabilities: options.capabilities,
      post,
      notice,
      snapshot,
      send,
      stop,
      regenerate,
      editResend,
      newChat,
      switchTo,
      deleteConversation,
      selectEndpoint,
      exportChat,
      clearHistory: () => clearHistory(),
    });

  function stop(): void {
    reply?.abort.abort();
  }

  function snapshot(): Extract<HostMessage, { type: 'init' }> {
    return {
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      capabilities: options.capabilities,
      endpoints: toEndpointsState(endpoints, activeEndpointId),
      conversations: store.list(),
      conversation: structuredClone(active),
      streaming: reply ? { conversationId: reply.conversation.id, messageId: reply.message.id } : null,
    };
  }

  return {
    handle,
    snapshot,
    send,
    stop,
    newChat,
    selectEndpoint,
    activeProfile,
    exportChat,
    clearHistory,
    setEndpoints(resolved) {
      endpoints = resolved;
      activeEndpointId = pickEndpoint(resolved, activeEndpointId);
      postEndpoints();
      options.onEndpointsChange?.(resolved);
    },
    get endpoints() {
      return endpoints;
    },
    get streaming() {
      return reply !== undefined;
    },
    idle: settled,
    async dispose() {
      reply?.abort.abort();
      await settled();
      await sessions.releaseAll();
    },
  };
}

/** Keeps the wanted endpoint if it exists, else the settings' default, else the first. */
function pickEndpoint(resolved: ResolvedEndpoints, wanted: string | undefined): string | undefined {
  if (wanted && resolved.profiles.some((profile) => profile.id === wanted)) return wanted;
  return resolved.defaultId ?? resolved.profiles[0]?.id;
}
