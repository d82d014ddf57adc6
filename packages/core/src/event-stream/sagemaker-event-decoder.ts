import { SageStreamError } from '../errors.js';
import type { MessageHeaders } from './headers.js';
import { createEventStreamDecoder, type EventStreamLimits, type EventStreamMessage } from './message-decoder.js';
import type { SageMakerStreamEvent } from './sagemaker-stream-event.js';

const textDecoder = new TextDecoder();

function headerString(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

interface ExceptionBody {
  message: string;
  errorCode?: string;
}

/** Reads `{"Message": …, "ErrorCode": …}`; tolerant of lower-case keys and of non-JSON bodies. */
function parseExceptionBody(payload: Uint8Array): ExceptionBody {
  const text = textDecoder.decode(payload);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const message = record.Message ?? record.message;
      const errorCode = record.ErrorCode ?? record.errorCode;
      return {
        message: typeof message === 'string' ? message : text,
        ...(typeof errorCode === 'string' ? { errorCode } : {}),
      };
    }
  } catch {
    // not JSON: the raw text is the message
  }
  return { message: text || 'Unknown' };
}

/** Classifies one decoded message as a {@link SageMakerStreamEvent} (dispatch rules of the AWS SDKs). */
export function toSageMakerStreamEvent(message: EventStreamMessage): SageMakerStreamEvent {
  const { headers, payload, byteOffset } = message;
  const messageType = headerString(headers, ':message-type');
  if (messageType === 'event') {
    const eventType = headerString(headers, ':event-type') ?? '';
    if (eventType === 'PayloadPart') return { type: 'payload-part', bytes: payload, byteOffset };
    return { type: 'unknown-event', eventType, byteOffset };
  }
  if (messageType === 'exception') {
    const exceptionType = headerString(headers, ':exception-type') ?? '';
    const body = parseExceptionBody(payload);
    if (exceptionType === 'ModelStreamError') {
      return { type: 'model-stream-error', errorCode: body.errorCode ?? '', message: body.message, byteOffset };
    }
    if (exceptionType === 'InternalStreamFailure') {
      return { type: 'internal-stream-failure', message: body.message, byteOffset };
    }
    return { type: 'unknown-exception', exceptionType, message: body.message, byteOffset };
  }
  if (messageType === 'error') {
    return {
      type: 'error-frame',
      errorCode: headerString(headers, ':error-code') ?? '',
      message: headerString(headers, ':error-message') ?? '',
      byteOffset,
    };
  }
  throw new SageStreamError(
    'unrecognized-message-type',
    `Unrecognizable event type in the event-stream frame at byte ${byteOffset}: :message-type is ${messageType === undefined ? 'missing' : JSON.stringify(messageType)}.`,
    { byteOffset, expected: ':message-type event, exception or error', actual: messageType ?? '(missing)' },
  );
}

/** Options of {@link createSageMakerEventDecoder}. */
export interface SageMakerEventDecoderOptions extends EventStreamLimits {
  onEvent: (event: SageMakerStreamEvent) => void;
}

/** A push decoder from HTTP body bytes to {@link SageMakerStreamEvent}s. */
export interface SageMakerEventDecoder {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly bytesRead: number;
  readonly stats: Readonly<SageMakerEventStats>;
}

/** Counters of a {@link SageMakerEventDecoder}. */
export interface SageMakerEventStats {
  frames: number;
  payloadParts: number;
  payloadBytes: number;
  /** Events of unknown `:event-type`, skipped as the AWS SDKs do. */
  unknownEvents: number;
}

/**
 * Decodes an InvokeEndpointWithResponseStream HTTP body into SageMaker stream events.
 *
 * @example
 * const decoder = createSageMakerEventDecoder({ onEvent: (e) => e.type === 'payload-part' && sink(e.bytes) });
 */
export function createSageMakerEventDecoder(options: SageMakerEventDecoderOptions): SageMakerEventDecoder {
  const stats: SageMakerEventStats = { frames: 0, payloadParts: 0, payloadBytes: 0, unknownEvents: 0 };
  const { onEvent } = options;
  const decoder = createEventStreamDecoder({
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    onMessage(message) {
      stats.frames++;
      const event = toSageMakerStreamEvent(message);
      if (event.type === 'payload-part') {
        stats.payloadParts++;
        stats.payloadBytes += event.bytes.length;
      } else if (event.type === 'unknown-event') {
        stats.unknownEvents++;
      }
      onEvent(event);
    },
  });
  return {
    feed: decoder.feed,
    end: decoder.end,
    get bytesRead() {
      return decoder.bytesRead;
    },
    stats,
  };
}
