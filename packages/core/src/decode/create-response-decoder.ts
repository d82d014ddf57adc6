import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import { createSageMakerEventDecoder, type SageMakerEventStats } from '../event-stream/sagemaker-event-decoder.js';
import type { EventStreamLimits } from '../event-stream/message-decoder.js';
import type { TokenParserOptions, TokenParserStats } from '../formats/create-token-parser.js';
import type { ContainerFormat, ContainerFraming } from '../formats/token-part.js';
import { createEventTokenDecoder } from './create-event-token-decoder.js';

/** Options of {@link createResponseDecoder}: token-parser options plus event-stream limits. */
export interface ResponseDecoderOptions extends TokenParserOptions, EventStreamLimits {
  /** Observes every SageMaker event, including unknown ones (which are otherwise skipped). */
  onEvent?: (event: SageMakerStreamEvent) => void;
}

/** A push decoder from an InvokeEndpointWithResponseStream HTTP body to token parts. */
export interface ResponseDecoder {
  feed(chunk: Uint8Array): void;
  /** End of body: throws `truncated-frame` for a partial frame; otherwise ends the reply. */
  end(): void;
  readonly format: ContainerFormat | undefined;
  readonly framing: ContainerFraming | undefined;
  /** True once the reply ended (`message-end` or `stream-error`). */
  readonly finished: boolean;
  readonly stats: { readonly events: Readonly<SageMakerEventStats>; readonly output: Readonly<TokenParserStats> };
}

/**
 * Decodes the whole stack: event-stream frames → SageMaker events → lines/SSE → token parts.
 * SageMaker stream exceptions become a final `stream-error` part (`source: 'service'`); corrupt
 * input (CRC, truncation, invalid JSON) throws a {@link SageStreamError}.
 *
 * @example
 * const decoder = createResponseDecoder({ contentType: response.headers.get('x-amzn-sagemaker-content-type'), onPart });
 * for await (const chunk of response.body) decoder.feed(chunk);
 * decoder.end();
 */
export function createResponseDecoder(options: ResponseDecoderOptions): ResponseDecoder {
  const { onEvent } = options;
  const tokens = createEventTokenDecoder(options);
  const events = createSageMakerEventDecoder({
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    onEvent(event) {
      onEvent?.(event);
      tokens.feed(event);
    },
  });

  return {
    feed: events.feed,
    end() {
      // Frames are checked to the end of the body even after a service error: a truncated body is reported.
      events.end();
      tokens.end();
    },
    get format() {
      return tokens.format;
    },
    get framing() {
      return tokens.framing;
    },
    get finished() {
      return tokens.finished;
    },
    stats: { events: events.stats, output: tokens.stats },
  };
}
