import { isSageStreamError, type ChatMessage, type StreamTransport } from '@sagestream/core';
import { MAX_TEXT_LENGTH, type ConversationView, type HostMessage, type MessageView, type ToolCallView } from '../shared/protocol.js';
import type { EndpointProfile } from './endpoint-profile.js';
import { toErrorInfo } from './error-info.js';
import { runReply } from './run-reply.js';

/** Longest tool-call id or name the protocol carries (its label limit). */
const MAX_LABEL_LENGTH = 500;

/** Options of {@link streamReplyInto}. */
export interface StreamReplyIntoOptions {
  conversation: ConversationView;
  /** The assistant message, already in the conversation with status `streaming`. */
  message: MessageView;
  profile: EndpointProfile;
  /** What the model sees: the conversation before this reply. */
  history: readonly ChatMessage[];
  /** With stateful sessions: the conversation's session id (opened on first use). Rejects with core's error. */
  openSession?(transport: StreamTransport, signal: AbortSignal): Promise<string>;
  /** Stop: aborts the HTTP stream; the reply ends as `stopped` with its partial text. */
  signal: AbortSignal;
  transportFor(profile: EndpointProfile): StreamTransport;
  post(message: HostMessage): void;
  persist(conversation: ConversationView): Promise<void>;
  flushIntervalMs: number;
  saveIntervalMs: number;
  now: () => number;
  /** Called once the reply has ended (before it is saved). */
  onEnd(): void;
}

/**
 * Streams a reply into its message: appends the text and posts `reply-delta`s as it arrives,
 * saves now and then (a window reload then loses little), and posts the final form with
 * `reply-end`. Resolves once the reply has ended and is saved.
 */
export async function streamReplyInto(options: StreamReplyIntoOptions): Promise<void> {
  const { conversation, message, profile, post, now } = options;
  let lastSave = now();
  const end = (outcome: Pick<MessageView, 'status' | 'stats' | 'error'>): void => {
    message.status = outcome.status;
    if (outcome.stats) message.stats = outcome.stats;
    if (outcome.error) message.error = outcome.error;
    conversation.updatedAt = now();
    post({ type: 'reply-end', conversationId: conversation.id, message: structuredClone(message) });
    post({ type: 'streaming', streaming: null });
    options.onEnd();
  };
  const run = async (): Promise<void> => {
    let transport: StreamTransport;
    try {
      transport = options.transportFor(profile);
    } catch (error) {
      end({ status: 'failed', error: { code: 'invalid-endpoint', message: error instanceof Error ? error.message : String(error), fix: 'Check this endpoint in the sagestream.endpoints setting.' } });
      return;
    }
    let sessionId: string | undefined;
    if (options.openSession) {
      try {
        sessionId = await options.openSession(transport, options.signal);
      } catch (error) {
        if (options.signal.aborted) return end({ status: 'stopped' });
        const serialized = isSageStreamError(error) ? error.toJSON() : { code: 'unknown-error' as const, message: error instanceof Error ? error.message : String(error) };
        const info = toErrorInfo(serialized, profile);
        info.fix ??= 'Turn off the sagestream.statefulSessions setting to chat without a session.';
        return end({ status: 'failed', error: info });
      }
    }
    const outcome = await runReply({
      transport,
      profile,
      messages: options.history,
      ...(sessionId ? { sessionId } : {}),
      signal: options.signal,
      flushIntervalMs: options.flushIntervalMs,
      now: () => performance.now(),
      onStats: (stats) => (message.stats = stats),
      onReasoning: (received) => {
        // The protocol carries at most MAX_TEXT_LENGTH characters per field: keep the start.
        const offset = message.reasoning?.length ?? 0;
        const text = received.slice(0, Math.max(0, MAX_TEXT_LENGTH - offset));
        if (text === '') return;
        message.reasoning = (message.reasoning ?? '') + text;
        post({ type: 'reasoning-delta', conversationId: conversation.id, messageId: message.id, offset, text });
      },
      onToolCall: (received) => {
        const call: ToolCallView = { id: received.id.slice(0, MAX_LABEL_LENGTH), name: received.name.slice(0, MAX_LABEL_LENGTH), arguments: received.arguments.slice(0, MAX_TEXT_LENGTH) };
        message.toolCalls = [...(message.toolCalls ?? []), call];
        post({ type: 'tool-call', conversationId: conversation.id, messageId: message.id, call });
      },
      onText: (text) => {
        const offset = message.text.length;
        message.text += text;
        post({ type: 'reply-delta', conversationId: conversation.id, messageId: message.id, offset, text });
        if (now() - lastSave >= options.saveIntervalMs) {
          lastSave = now();
          void options.persist(conversation);
        }
      },
    });
    end(outcome);
  };
  await run();
  await options.persist(conversation);
}
