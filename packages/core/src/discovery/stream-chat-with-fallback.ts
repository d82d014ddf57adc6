import type { PromptTemplateName } from '../chat/prompt-templates.js';
import { streamChat, type ChatEvent, type StreamChatOptions } from '../chat/stream-chat.js';
import type { SerializedError } from '../errors.js';
import type { ContainerFormat } from '../formats/token-part.js';

/** What the container answers (through SageMaker's ModelError) when it cannot parse a body. */
const REJECTED_BODY_STATUSES = new Set([400, 415, 422, 424]);

/** The format to retry with once, when the container rejects the first body. */
export interface FormatFallback {
  format: ContainerFormat;
  template?: PromptTemplateName;
  /** Told to the user when the retry happens. */
  reason: string;
}

/** Passed to `onFallback` when the first body was rejected and the fallback is tried. */
export interface FallbackNotice {
  from: ContainerFormat | 'auto';
  to: ContainerFormat;
  reason: string;
  /** The container's rejection. */
  rejection: SerializedError;
}

/** Options of {@link streamChatWithFallback}. */
export interface StreamChatWithFallbackOptions extends StreamChatOptions {
  fallback?: FormatFallback;
  onFallback?: (notice: FallbackNotice) => void;
}

/**
 * True when an error is the container refusing the request body before generating anything: a
 * ModelError whose original status is 400/415/422/424 (LMI answers an unsupported body with 424,
 * TGI with 422). Judged from the status, never from the message text.
 */
export function isRejectedBody(error: SerializedError): boolean {
  if (error.code !== 'model-error') return false;
  const original = Number(error.details?.OriginalStatusCode ?? error.statusCode);
  return REJECTED_BODY_STATUSES.has(original);
}

/**
 * {@link streamChat}, retried once with a fallback format when the container rejects the first
 * body before any byte of a reply (so nothing is shown twice). Used by `--format auto` when the
 * format is a guess: the Messages API first, then an `{"inputs"}` body.
 *
 * @example
 * for await (const event of streamChatWithFallback({ transport, endpoint, messages, fallback: { format: 'lmi-legacy', reason } })) render(event);
 */
export async function* streamChatWithFallback(options: StreamChatWithFallbackOptions): AsyncGenerator<ChatEvent, void, undefined> {
  const { fallback, onFallback, ...chat } = options;
  const first = streamChat(chat);
  const head = await first.next();
  if (head.done) return;
  const event = head.value;
  if (fallback && event.type === 'error' && isRejectedBody(event.error) && !options.signal?.aborted) {
    await first.return(undefined);
    onFallback?.({ from: chat.endpoint.format ?? 'auto', to: fallback.format, reason: fallback.reason, rejection: event.error });
    yield* streamChat({ ...chat, endpoint: { ...chat.endpoint, format: fallback.format, ...(fallback.template ? { template: fallback.template } : {}) } });
    return;
  }
  yield event;
  yield* first;
}
