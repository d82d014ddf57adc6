import { SageStreamError, isSageStreamError } from '../errors.js';
import {
  createSageMakerEventDecoder,
  type SageMakerEventStats,
  type SageMakerStreamEvent,
} from '../event-stream/sagemaker-events.js';
import type { EventStreamLimits } from '../event-stream/message-decoder.js';
import { createTokenParser, type TokenParserOptions, type TokenParserStats } from '../formats/create-token-parser.js';
import type { ContainerFormat, ContainerFraming, StreamErrorPart } from '../formats/token-part.js';

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

/** Converts a SageMaker stream exception into the `stream-error` part consumers see. */
export function serviceErrorPart(event: SageMakerStreamEvent): StreamErrorPart | undefined {
  switch (event.type) {
    case 'model-stream-error':
      return { type: 'stream-error', source: 'service', errorType: 'ModelStreamError', code: event.errorCode || 'ModelStreamError', message: event.message };
    case 'internal-stream-failure':
      return { type: 'stream-error', source: 'service', errorType: 'InternalStreamFailure', code: 'InternalStreamFailure', message: event.message };
    case 'unknown-exception':
      return { type: 'stream-error', source: 'service', errorType: event.exceptionType, code: event.exceptionType || 'UnknownException', message: event.message };
    case 'error-frame':
      return { type: 'stream-error', source: 'service', errorType: 'error', code: event.errorCode || 'UnknownError', message: event.message };
    default:
      return undefined;
  }
}

/**
 * Decodes the whole stack: event-stream frames → PayloadPart bytes → lines/SSE → token parts.
 * SageMaker stream exceptions become a final `stream-error` part (`source: 'service'`); corrupt
 * input (CRC, truncation, invalid JSON) throws a {@link SageStreamError}.
 *
 * @example
 * const decoder = createResponseDecoder({ contentType: response.headers.get('x-amzn-sagemaker-content-type'), onPart });
 * for await (const chunk of response.body) decoder.feed(chunk);
 * decoder.end();
 */
export function createResponseDecoder(options: ResponseDecoderOptions): ResponseDecoder {
  const { onPart, onEvent } = options;
  let serviceError = false;
  let currentFrameOffset = 0;
  const parser = createTokenParser(options);

  const events = createSageMakerEventDecoder({
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    onEvent(event) {
      onEvent?.(event);
      if (serviceError || event.type === 'unknown-event') return;
      if (event.type === 'payload-part') {
        if (parser.finished) return;
        currentFrameOffset = event.byteOffset;
        try {
          parser.feed(event.bytes);
        } catch (error) {
          throw locate(error, event.byteOffset);
        }
        return;
      }
      const part = serviceErrorPart(event);
      if (!part) return;
      serviceError = true;
      // A partial line held by the parser is dropped: it can never be completed.
      if (!parser.finished) onPart(part);
    },
  });

  return {
    feed: events.feed,
    end() {
      events.end();
      if (serviceError) return;
      try {
        parser.end();
      } catch (error) {
        throw locate(error, currentFrameOffset);
      }
    },
    get format() {
      return parser.format;
    },
    get framing() {
      return parser.framing;
    },
    get finished() {
      return serviceError || parser.finished;
    },
    stats: { events: events.stats, output: parser.stats },
  };
}

/** Adds the body offset of the PayloadPart frame to an error found in container output. */
function locate(error: unknown, frameOffset: number): unknown {
  if (!isSageStreamError(error)) return error;
  return new SageStreamError(error.code, `${error.message} (model output byte offsets count PayloadPart bytes only; this was found in the frame at body byte ${frameOffset})`, {
    ...error.toJSON(),
    details: { ...error.details, frameByteOffset: frameOffset },
    cause: error,
  });
}
