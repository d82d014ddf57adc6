import { SageStreamError, isSageStreamError } from '../errors.js';
import { serviceErrorPart } from '../decode/create-response-decoder.js';
import { createTokenParser, type TokenParserOptions } from '../formats/create-token-parser.js';
import type { ContainerFormat, TokenPart, TokenUsage } from '../formats/token-part.js';
import type { InvokeStreamMetadata, InvokeStreamRequest, StreamTransport } from './transport.js';

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

/** A started invocation: iterate it for token parts; `metadata` and `metrics` describe it. */
export interface InvocationStream extends AsyncIterable<TokenPart> {
  readonly metadata: InvokeStreamMetadata;
  readonly metrics: Readonly<InvocationMetrics>;
  /** The container format in use, once known. */
  readonly format: ContainerFormat | undefined;
}

/** Options of {@link invokeStream}. */
export interface InvokeStreamOptions extends Omit<TokenParserOptions, 'onPart' | 'contentType'> {
  transport: StreamTransport;
  request: InvokeStreamRequest;
  signal?: AbortSignal;
  /** Overrides the container content type the response declares. */
  contentType?: string;
  /** A clock, for tests (default `performance.now`). */
  now?: () => number;
}

/**
 * Invokes an endpoint and streams its reply as token parts. Rejects with a `SageStreamError` for
 * errors before the stream; errors during the stream (ModelStreamError, InternalStreamFailure, a
 * container's in-band error) end it with a `stream-error` part. Aborting `signal` closes the
 * connection and makes the iteration throw `aborted`.
 *
 * @example
 * const stream = await invokeStream({ transport, request: { endpointName: 'mock-tgi', body } });
 * for await (const part of stream) if (part.type === 'text-delta') process.stdout.write(part.text);
 * console.error(stream.metrics.timeToFirstTokenMs, stream.metrics.tokensPerSecond);
 */
export async function invokeStream(options: InvokeStreamOptions): Promise<InvocationStream> {
  const now = options.now ?? (() => performance.now());
  const { transport, request, signal, contentType: contentTypeOverride, now: _now, ...parserOptions } = options;
  if (signal?.aborted) throw new SageStreamError('aborted', 'The request was stopped before it was sent.');
  const startedAt = now();
  const response = await transport.invoke(request, signal ? { signal } : {});
  const metrics: InvocationMetrics = { tokens: 0, payloadParts: 0, payloadBytes: 0, timeToFirstByteMs: response.headersAt - startedAt };
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let queue: TokenPart[] = [];
  const parser = createTokenParser({
    ...parserOptions,
    ...(contentTypeOverride ?? response.metadata.contentType ? { contentType: contentTypeOverride ?? response.metadata.contentType } : {}),
    onPart(part) {
      if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
        const at = now();
        firstTokenAt ??= at;
        lastTokenAt = at;
        metrics.tokens++;
        metrics.timeToFirstTokenMs ??= at - startedAt;
      }
      // The reply is complete at its terminal part: time it now, not when the body closes.
      if (part.type === 'message-end' && part.usage) metrics.usage = part.usage;
      if (part.type === 'message-end' || part.type === 'stream-error') finish();
      queue.push(part);
    },
  });

  function finish(): void {
    if (metrics.durationMs !== undefined) return;
    metrics.durationMs = now() - startedAt;
    if (firstTokenAt !== undefined && lastTokenAt !== undefined && metrics.tokens > 1 && lastTokenAt > firstTokenAt) {
      metrics.tokensPerSecond = (metrics.tokens - 1) / ((lastTokenAt - firstTokenAt) / 1000);
    }
  }

  async function* parts(): AsyncGenerator<TokenPart, void, undefined> {
    const take = (): TokenPart[] => {
      const ready = queue;
      queue = [];
      return ready;
    };
    try {
      for await (const event of response.events) {
        if (event.type === 'payload-part') {
          metrics.payloadParts++;
          metrics.payloadBytes += event.bytes.length;
          if (!parser.finished) parser.feed(event.bytes);
          yield* take();
          continue;
        }
        const errorPart = serviceErrorPart(event);
        if (errorPart) {
          finish();
          // After a service error nothing valid can follow; the partial line is dropped.
          if (!parser.finished) yield errorPart;
          return;
        }
      }
      parser.end();
      finish();
      yield* take();
    } catch (error) {
      finish();
      yield* take();
      if (signal?.aborted && !(isSageStreamError(error) && error.code !== 'aborted' && error.code !== 'network-error')) {
        throw new SageStreamError('aborted', 'The reply was stopped.', { cause: error });
      }
      throw error;
    }
  }

  const iterable = parts();
  return {
    metadata: response.metadata,
    metrics,
    get format() {
      return parser.format;
    },
    [Symbol.asyncIterator]: () => iterable,
  };
}
