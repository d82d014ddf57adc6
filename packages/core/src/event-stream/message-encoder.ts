import { SageStreamError } from '../errors.js';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, MESSAGE_CRC_BYTES, PRELUDE_BYTES } from './constants.js';
import { crc32 } from './crc32.js';
import { encodeHeaders, type MessageHeaders } from './headers.js';

/** A message to encode: headers (encoded in insertion order) and payload bytes. */
export interface EventStreamMessageInput {
  headers: MessageHeaders;
  payload: Uint8Array;
}

/**
 * Encodes one event-stream message (prelude, CRCs, headers, payload).
 * Services must validate the spec limits, so the encoder enforces them.
 *
 * @example
 * const frame = encodeEventStreamMessage({ headers: { ':message-type': { type: 'string', value: 'event' } }, payload });
 */
export function encodeEventStreamMessage(message: EventStreamMessageInput): Uint8Array {
  const headerBytes = encodeHeaders(message.headers);
  if (headerBytes.length > DEFAULT_MAX_HEADER_BYTES) {
    throw new SageStreamError('headers-too-large', `Encoded headers are ${headerBytes.length} bytes; the event-stream limit is ${DEFAULT_MAX_HEADER_BYTES}.`, {
      expected: `<= ${DEFAULT_MAX_HEADER_BYTES}`,
      actual: String(headerBytes.length),
    });
  }
  if (message.payload.length > DEFAULT_MAX_PAYLOAD_BYTES) {
    throw new SageStreamError('frame-too-large', `Payload is ${message.payload.length} bytes; the event-stream limit is ${DEFAULT_MAX_PAYLOAD_BYTES}.`, {
      expected: `<= ${DEFAULT_MAX_PAYLOAD_BYTES}`,
      actual: String(message.payload.length),
    });
  }
  const total = PRELUDE_BYTES + headerBytes.length + message.payload.length + MESSAGE_CRC_BYTES;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total, false);
  view.setUint32(4, headerBytes.length, false);
  const preludeCrc = crc32(out.subarray(0, 8));
  view.setUint32(8, preludeCrc, false);
  out.set(headerBytes, PRELUDE_BYTES);
  out.set(message.payload, PRELUDE_BYTES + headerBytes.length);
  view.setUint32(total - MESSAGE_CRC_BYTES, crc32(out.subarray(8, total - MESSAGE_CRC_BYTES), preludeCrc), false);
  return out;
}
