import { SageStreamError, isSageStreamError } from '../errors.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import { createTokenParser, type TokenParserOptions, type TokenParserStats } from '../formats/create-token-parser.js';
import type { ContainerFormat, ContainerFraming, StreamErrorPart } from '../formats/token-part.js';

/** Options of {@link createEventTokenDecoder}: those of the token parser it drives. */
export type EventTokenDecoderOptions = TokenParserOptions;

/** A push decoder from SageMaker stream events to token parts. */
export interface EventTokenDecoder {
  feed(event: SageMakerStreamEvent): void;
  /** End of the event stream: flushes the container output; a no-op after a service error. */
  end(): void;
  readonly format: ContainerFormat | undefined;
  readonly framing: ContainerFraming | undefined;
  /** True once the reply ended (`message-end` or `stream-error`). */
  readonly finished: boolean;
  /** True after a service error: nothing the stream carries afterwards can matter, so stop reading it. */
  readonly closed: boolean;
  readonly stats: Readonly<TokenParserStats>;
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
 * The one stage from SageMaker stream events (decoded by us or by the AWS SDK) to token parts:
 * PayloadPart bytes go to the token parser; a service exception ends the reply with a
 * `stream-error` part (`source: 'service'`); events of unknown type are skipped, as the AWS SDKs do.
 *
 * @example
 * const decoder = createEventTokenDecoder({ contentType, onPart });
 * for await (const event of transportResponse.events) decoder.feed(event);
 * decoder.end();
 */
export function createEventTokenDecoder(options: EventTokenDecoderOptions): EventTokenDecoder {
  const { onPart } = options;
  const parser = createTokenParser(options);
  let serviceError = false;
  let frameOffset = -1;

  return {
    feed(event) {
      if (serviceError || event.type === 'unknown-event') return;
      if (event.type === 'payload-part') {
        if (parser.finished) return;
        frameOffset = event.byteOffset;
        try {
          parser.feed(event.bytes);
        } catch (error) {
          throw locate(error, frameOffset);
        }
        return;
      }
      const part = serviceErrorPart(event);
      if (!part) return;
      serviceError = true;
      // A partial line held by the parser is dropped: it can never be completed.
      if (!parser.finished) onPart(part);
    },
    end() {
      if (serviceError) return;
      try {
        parser.end();
      } catch (error) {
        throw locate(error, frameOffset);
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
    get closed() {
      return serviceError;
    },
    stats: parser.stats,
  };
}

/**
 * Adds the body offset of the PayloadPart frame to an error found in container output. Events
 * decoded by the AWS SDK carry no offset (-1): the error stays as it is.
 */
function locate(error: unknown, frameOffset: number): unknown {
  if (frameOffset < 0 || !isSageStreamError(error)) return error;
  return new SageStreamError(error.code, `${error.message} (model output byte offsets count PayloadPart bytes only; this was found in the frame at body byte ${frameOffset})`, {
    ...error.toJSON(),
    details: { ...error.details, frameByteOffset: frameOffset },
    cause: error,
  });
}
