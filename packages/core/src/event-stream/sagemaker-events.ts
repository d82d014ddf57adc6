import { SageStreamError } from '../errors.js';
import { allocBytes } from '../util/bytes.js';
import { MESSAGE_CRC_BYTES, PRELUDE_BYTES } from './constants.js';
import { crc32 } from './crc32.js';
import { encodeHeaders, stringHeader, type MessageHeaders } from './headers.js';
import { createEventStreamDecoder, type EventStreamLimits, type EventStreamMessage } from './message-decoder.js';
import { encodeEventStreamMessage } from './message-encoder.js';

/** The `ResponseStream` union of InvokeEndpointWithResponseStream, plus what the wire may carry besides. */
export type SageMakerStreamEvent =
  /** `:event-type=PayloadPart`: a piece of the container's response body (boundaries are arbitrary). */
  | { type: 'payload-part'; bytes: Uint8Array; byteOffset: number }
  /** `:exception-type=ModelStreamError` (e.g. `ModelInvocationTimeExceeded`, `StreamBroken`). */
  | { type: 'model-stream-error'; errorCode: string; message: string; byteOffset: number }
  /** `:exception-type=InternalStreamFailure`. */
  | { type: 'internal-stream-failure'; message: string; byteOffset: number }
  /** An exception frame of a type the SageMaker model does not list. */
  | { type: 'unknown-exception'; exceptionType: string; message: string; byteOffset: number }
  /** `:message-type=error`: an unmodeled error with `:error-code` / `:error-message` headers. */
  | { type: 'error-frame'; errorCode: string; message: string; byteOffset: number }
  /** An event of an unknown `:event-type`; both AWS SDKs skip these silently, so should consumers. */
  | { type: 'unknown-event'; eventType: string; byteOffset: number };

/** True for the event kinds that end a stream with an error. */
export function isTerminalStreamEvent(event: SageMakerStreamEvent): boolean {
  return event.type !== 'payload-part' && event.type !== 'unknown-event';
}

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

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

// ---------------------------------------------------------------------------------------------
// Encoders (used by the mock endpoint and by tests)

/** Header order as in AWS captures: `:event-type`, `:content-type`, `:message-type` (CRCs depend on it). */
const PAYLOAD_PART_HEADERS = encodeHeaders({
  ':event-type': stringHeader('PayloadPart'),
  ':content-type': stringHeader('application/octet-stream'),
  ':message-type': stringHeader('event'),
});

/** Bytes before the payload of a PayloadPart frame: prelude (12) + the constant headers (89). */
const PAYLOAD_PART_PREFIX_BYTES = PRELUDE_BYTES + PAYLOAD_PART_HEADERS.length;

/** A PayloadPart frame adds this many bytes to its payload (105). */
export const PAYLOAD_PART_OVERHEAD = PAYLOAD_PART_PREFIX_BYTES + MESSAGE_CRC_BYTES;

/** Payload sizes below this get their frame prefix and its CRC cached (one entry per size). */
const CACHED_PREFIX_SIZES = 64 * 1024;
const prefixes: ({ bytes: Uint8Array; crc: number } | undefined)[] = [];

/**
 * The prelude, its CRC and the headers depend only on the payload length: computed once per size,
 * so a frame costs one copy and one CRC over its payload.
 */
function payloadPartPrefix(payloadLength: number): { bytes: Uint8Array; crc: number } {
  const cached = payloadLength < CACHED_PREFIX_SIZES ? prefixes[payloadLength] : undefined;
  if (cached) return cached;
  const bytes = new Uint8Array(PAYLOAD_PART_PREFIX_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PAYLOAD_PART_OVERHEAD + payloadLength, false);
  view.setUint32(4, PAYLOAD_PART_HEADERS.length, false);
  view.setUint32(8, crc32(bytes.subarray(0, 8)), false);
  bytes.set(PAYLOAD_PART_HEADERS, PRELUDE_BYTES);
  const prefix = { bytes, crc: crc32(bytes) };
  if (payloadLength < CACHED_PREFIX_SIZES) prefixes[payloadLength] = prefix;
  return prefix;
}

/**
 * Encodes a `PayloadPart` event frame (frame size = payload + 105 bytes).
 *
 * `reserve` leaves spare bytes before and after the frame in the returned array (the frame starts
 * at `reserve.start`), so a server can wrap it — e.g. as one HTTP chunk — without another copy.
 */
export function encodePayloadPart(bytes: Uint8Array, reserve?: { start?: number; end?: number }): Uint8Array {
  const start = reserve?.start ?? 0;
  const total = PAYLOAD_PART_OVERHEAD + bytes.length;
  const prefix = payloadPartPrefix(bytes.length);
  const out = allocBytes(start + total + (reserve?.end ?? 0));
  out.set(prefix.bytes, start);
  out.set(bytes, start + PAYLOAD_PART_PREFIX_BYTES);
  // CRC-32 continues: crc(prefix ‖ payload) == crc(payload, crc(prefix)).
  const crc = crc32(bytes, prefix.crc);
  const at = start + total - MESSAGE_CRC_BYTES;
  out[at] = crc >>> 24;
  out[at + 1] = (crc >>> 16) & 0xff;
  out[at + 2] = (crc >>> 8) & 0xff;
  out[at + 3] = crc & 0xff;
  return out;
}

/** Encodes an exception frame with a JSON body (keys must be capitalised, e.g. `Message`). */
export function encodeExceptionFrame(options: { exceptionType: string; body: Record<string, unknown> }): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ':exception-type': stringHeader(options.exceptionType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    payload: textEncoder.encode(JSON.stringify(options.body)),
  });
}

/** Encodes a `ModelStreamError` exception frame: `{"ErrorCode": …, "Message": …}`. */
export function encodeModelStreamError(options: { errorCode: string; message: string }): Uint8Array {
  return encodeExceptionFrame({
    exceptionType: 'ModelStreamError',
    body: { ErrorCode: options.errorCode, Message: options.message },
  });
}

/** Encodes an `InternalStreamFailure` exception frame: `{"Message": …}`. */
export function encodeInternalStreamFailure(options: { message: string }): Uint8Array {
  return encodeExceptionFrame({ exceptionType: 'InternalStreamFailure', body: { Message: options.message } });
}

/** Encodes an unmodeled `:message-type=error` frame (empty payload). */
export function encodeErrorFrame(options: { errorCode: string; message: string }): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ':error-code': stringHeader(options.errorCode),
      ':error-message': stringHeader(options.message),
      ':message-type': stringHeader('error'),
    },
    payload: new Uint8Array(0),
  });
}

/** Encodes an event of any `:event-type` with a raw payload (e.g. to test unknown-event handling). */
export function encodeEventFrame(options: { eventType: string; payload: Uint8Array; contentType?: string }): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ':event-type': stringHeader(options.eventType),
      ':content-type': stringHeader(options.contentType ?? 'application/octet-stream'),
      ':message-type': stringHeader('event'),
    },
    payload: options.payload,
  });
}
