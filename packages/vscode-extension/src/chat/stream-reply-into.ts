import type { ChatMessage, StreamTransport } from '@sagestream/core';
import type { ConversationView, HostMessage, MessageView } from '../shared/protocol.js';
import type { EndpointProfile } from './endpoint-profile.js';
import { runReply } from './run-reply.js';

/** Options of {@link streamReplyInto}. */
export interface StreamReplyIntoOptions {
  conversation: ConversationView;
  /** The assistant message, already in the conversation with status `streaming`. */
  message: MessageView;
  profile: EndpointProfile;
  /** What the model sees: the conversation before this reply. */
  history: readonly ChatMessage[];
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
    const outcome = await runReply({
      transport,
      profile,
      messages: options.history,
      signal: options.signal,
      flushIntervalMs: options.flushIntervalMs,
      now: () => performance.now(),
      onStats: (stats) => (message.stats = stats),
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
