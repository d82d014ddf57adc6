import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { TokenPart, TokenUsage } from '../formats/token-part.js';

/** Timing and volume of one invocation, filled in as the stream is read. */
export interface InvocationMetrics {
  /** Request start → response headers. */
  timeToFirstByteMs?: number;
  /** Request start → first text (or reasoning) delta. */
  timeToFirstTokenMs?: number;
  /** Text and reasoning deltas received (≈ generated tokens; the container's own count is in `usage`). */
  tokens: number;
  /** Decode speed: (tokens − 1) / (last token time − first token time). */
  tokensPerSecond?: number;
  /** Request start → end of stream. */
  durationMs?: number;
  payloadParts: number;
  payloadBytes: number;
  /** The container's own token counts (Messages API usage chunk, TGI/LMI `details`), when it sent them. */
  usage?: TokenUsage;
}

/** Fills {@link InvocationMetrics} from the events and parts of one invocation as they pass. */
export interface MetricsObserver {
  readonly metrics: Readonly<InvocationMetrics>;
  /** Passes the events through, counting PayloadParts and their bytes. */
  observeEvents(events: AsyncIterable<SageMakerStreamEvent>): AsyncGenerator<SageMakerStreamEvent, void, undefined>;
  /** Times the first and last tokens; the terminal part ends the timing. */
  observePart(part: TokenPart): void;
  /** Ends the timing (the stream ended or failed); later calls change nothing. */
  finish(): void;
}

/** Creates the metrics observer of an invocation that started at `startedAt` (`performance.now()` ms). */
export function createMetricsObserver(options: { startedAt: number; headersAt: number }): MetricsObserver {
  const { startedAt } = options;
  const metrics: InvocationMetrics = { tokens: 0, payloadParts: 0, payloadBytes: 0, timeToFirstByteMs: options.headersAt - startedAt };
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;

  function finish(): void {
    if (metrics.durationMs !== undefined) return;
    metrics.durationMs = performance.now() - startedAt;
    if (firstTokenAt !== undefined && lastTokenAt !== undefined && metrics.tokens > 1 && lastTokenAt > firstTokenAt) {
      metrics.tokensPerSecond = (metrics.tokens - 1) / ((lastTokenAt - firstTokenAt) / 1000);
    }
  }

  return {
    metrics,
    async *observeEvents(events) {
      for await (const event of events) {
        if (event.type === 'payload-part') {
          metrics.payloadParts++;
          metrics.payloadBytes += event.bytes.length;
        }
        yield event;
      }
    },
    observePart(part) {
      if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
        const at = performance.now();
        firstTokenAt ??= at;
        lastTokenAt = at;
        metrics.tokens++;
        metrics.timeToFirstTokenMs ??= at - startedAt;
      }
      // The reply is complete at its terminal part: time it now, not when the body closes.
      if (part.type === 'message-end' && part.usage) metrics.usage = part.usage;
      if (part.type === 'message-end' || part.type === 'stream-error') finish();
    },
    finish,
  };
}
