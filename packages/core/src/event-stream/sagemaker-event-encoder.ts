import { allocBytes } from '../util/bytes.js';
import { MESSAGE_CRC_BYTES, PRELUDE_BYTES } from './constants.js';
import { crc32 } from './crc32.js';
import { encodeHeaders, stringHeader } from './headers.js';
import { encodeEventStreamMessage } from './message-encoder.js';

// Encoders of SageMaker stream events: the mock endpoint writes its responses with them, and
// tests build bodies with them (fidelity is checked against the AWS SDKs' own decoders).

const textEncoder = new TextEncoder();

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
