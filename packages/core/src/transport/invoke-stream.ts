import { createEventTokenDecoder } from '../decode/create-event-token-decoder.js';
import { SageStreamError, isSageStreamError } from '../errors.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { TokenParserOptions } from '../formats/create-token-parser.js';
import type { ContainerFormat, TokenPart } from '../formats/token-part.js';
import { pump } from '../util/pump.js';
import { createMetricsObserver, type InvocationMetrics } from './invocation-metrics.js';
import type { InvokeStreamMetadata, InvokeStreamRequest, StreamTransport } from './transport.js';

export type { InvocationMetrics };

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
  const { transport, request, signal, contentType: contentTypeOverride, ...parserOptions } = options;
  if (signal?.aborted) throw new SageStreamError('aborted', 'The request was stopped before it was sent.');
  const startedAt = performance.now();
  const response = await transport.invoke(request, signal ? { signal } : {});
  const metrics = createMetricsObserver({ startedAt, headersAt: response.headersAt });
  const contentType = contentTypeOverride ?? response.metadata.contentType;
  let push: (part: TokenPart) => void = () => undefined;
  const decoder = createEventTokenDecoder({
    ...parserOptions,
    ...(contentType ? { contentType } : {}),
    onPart(part) {
      metrics.observePart(part);
      push(part);
    },
  });

  async function* parts(): AsyncGenerator<TokenPart, void, undefined> {
    try {
      yield* pump<TokenPart, SageMakerStreamEvent>(metrics.observeEvents(response.events), (sink) => {
        push = sink;
        return decoder;
      });
      metrics.finish();
    } catch (error) {
      metrics.finish();
      if (signal?.aborted && !(isSageStreamError(error) && error.code !== 'aborted' && error.code !== 'network-error')) {
        throw new SageStreamError('aborted', 'The reply was stopped.', { cause: error });
      }
      throw error;
    }
  }

  const iterable = parts();
  return {
    metadata: response.metadata,
    metrics: metrics.metrics,
    get format() {
      return decoder.format;
    },
    [Symbol.asyncIterator]: () => iterable,
  };
}
