import { streamChatWithFallback, type ChatMessage, type ChatTool, type ChatToolChoice, type InvocationMetrics, type StreamTransport } from '@sagestream/core';
import type { ErrorInfo, ReplyStats, ToolCallView } from '../shared/protocol.js';
import { toChatEndpoint, type EndpointProfile } from './endpoint-profile.js';
import { toErrorInfo } from './error-info.js';

/** Options of {@link runReply}. */
export interface RunReplyOptions {
  transport: StreamTransport;
  profile: EndpointProfile;
  messages: readonly ChatMessage[];
  /** The conversation's stateful session, if it has one. */
  sessionId?: string;
  signal: AbortSignal;
  /** Tools the model may call (Messages API endpoints; VS Code's chat models pass them on). */
  tools?: readonly ChatTool[];
  toolChoice?: ChatToolChoice;
  /** Receives the reply's text in order, coalesced to at most one call per `flushIntervalMs`. */
  onText(text: string): void;
  /** Receives the model's reasoning in order, coalesced like the text (always before the text that follows it). */
  onReasoning?(text: string): void;
  /** Receives each tool call once it is complete. */
  onToolCall?(call: ToolCallView): void;
  /** Receives the stats as soon as the response has started (variant, request id). */
  onStats?(stats: ReplyStats): void;
  /** 0 = every delta on its own; the extension host uses ~16 ms (one animation frame). */
  flushIntervalMs: number;
  now: () => number;
}

/** How a reply ended. */
export interface ReplyOutcome {
  status: 'complete' | 'stopped' | 'failed';
  stats: ReplyStats;
  error?: ErrorInfo;
}

/**
 * Streams one reply with core's `streamChat` (retried once with an `{"inputs"}` body for `auto` endpoints whose container refuses the Messages API) and reports its text (batched: posting every token
 * across postMessage costs more than rendering it), then how it ended with its stats. Never
 * throws: a stop is `stopped`, everything else that goes wrong is `failed` with an {@link ErrorInfo}.
 */
export async function runReply(options: RunReplyOptions): Promise<ReplyOutcome> {
  const { profile, now } = options;
  const stats: ReplyStats = { endpointLabel: profile.label, endpointName: profile.endpointName };
  const startedAt = now();
  let pending = '';
  let pendingReasoning = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pendingReasoning !== '') {
      const reasoning = pendingReasoning;
      pendingReasoning = '';
      options.onReasoning?.(reasoning);
    }
    if (pending === '') return;
    const text = pending;
    pending = '';
    options.onText(text);
  };
  const schedule = (): void => {
    if (options.flushIntervalMs <= 0) flush();
    else timer ??= setTimeout(flush, options.flushIntervalMs);
  };
  const finish = (outcome: Omit<ReplyOutcome, 'stats'>, metrics: InvocationMetrics | undefined): ReplyOutcome => {
    flush();
    if (metrics) {
      if (metrics.timeToFirstTokenMs !== undefined) stats.timeToFirstTokenMs = metrics.timeToFirstTokenMs;
      stats.tokens = metrics.tokens;
      if (metrics.tokensPerSecond !== undefined) stats.tokensPerSecond = metrics.tokensPerSecond;
      if (metrics.durationMs !== undefined) stats.durationMs = metrics.durationMs;
      if (metrics.usage?.promptTokens !== undefined) stats.promptTokens = metrics.usage.promptTokens;
      if (metrics.usage?.completionTokens !== undefined) stats.completionTokens = metrics.usage.completionTokens;
    }
    // A failure before the response started has no metrics: time it here.
    stats.durationMs ??= now() - startedAt;
    return { ...outcome, stats };
  };

  try {
    // `auto` probes: the Messages API first, and once an {"inputs"} body if the container refuses it (LMI 0.23 answers 424).
    const fallback = profile.format === 'auto' ? { fallback: { format: 'lmi-legacy' as const, reason: 'retrying once with an {"inputs"} body' } } : {};
    for await (const event of streamChatWithFallback({
      transport: options.transport,
      endpoint: toChatEndpoint(profile),
      messages: options.messages,
      ...(options.sessionId ? { sessionId: options.sessionId } : {}),
      ...(options.tools && options.tools.length > 0 ? { tools: options.tools } : {}),
      ...(options.toolChoice ? { toolChoice: options.toolChoice } : {}),
      signal: options.signal,
      ...fallback,
    })) {
      switch (event.type) {
        case 'response-start':
          if (event.metadata.invokedVariant) stats.variant = event.metadata.invokedVariant;
          if (event.metadata.requestId) stats.requestId = event.metadata.requestId;
          options.onStats?.({ ...stats });
          break;
        case 'text-delta':
          // Reasoning received so far goes out first, so the UI sees them in order.
          if (pendingReasoning !== '' && pending === '') flush();
          pending += event.text;
          schedule();
          break;
        case 'reasoning-delta':
          if (pending !== '') flush();
          pendingReasoning += event.text;
          schedule();
          break;
        case 'tool-call':
          flush();
          options.onToolCall?.({ id: event.id, name: event.name, arguments: event.arguments });
          break;
        case 'message-end':
          if (event.finishReason) stats.finishReason = event.finishReason;
          return finish({ status: 'complete' }, event.metrics);
        case 'error':
          if (event.error.code === 'aborted') return finish({ status: 'stopped' }, event.metrics);
          return finish({ status: 'failed', error: toErrorInfo(event.error, profile) }, event.metrics);
        default:
          // tool-call fragments: the complete call follows as 'tool-call'
          break;
      }
    }
    return finish({ status: 'failed', error: { code: 'unexpected-end', message: 'The reply ended without a final event.' } }, undefined);
  } catch (error) {
    // streamChat reports failures as events; this is a bug or a broken transport.
    return finish({ status: 'failed', error: { code: 'unknown-error', message: error instanceof Error ? error.message : String(error) } }, undefined);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
