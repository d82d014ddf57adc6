import { SageStreamError } from '../errors.js';
import type { EventStreamMessage } from '../event-stream/message-decoder.js';
import { encodeEventStreamMessage } from '../event-stream/message-encoder.js';
import { CHUNK_SIGNATURE_BYTES } from './bidi-constants.js';

/** The outer message of one input event: when it was signed, its signature, and the inner message. */
export interface SignedEvent {
  date: Date;
  signature: Uint8Array;
  /** The encoded inner message (a PayloadPart), or empty for the end-of-input event. */
  payload: Uint8Array;
}

/**
 * Encodes the outer message of a signed event: headers `:date` (timestamp) then `:chunk-signature`
 * (bytes), payload = the inner message — the layout `EventSigningStream` writes.
 */
export function encodeSignedEvent(event: SignedEvent): Uint8Array {
  if (event.signature.length !== CHUNK_SIGNATURE_BYTES) {
    throw new SageStreamError('invalid-argument', `A chunk signature is ${CHUNK_SIGNATURE_BYTES} bytes, got ${event.signature.length}.`, {
      expected: `${CHUNK_SIGNATURE_BYTES} bytes`,
      actual: String(event.signature.length),
    });
  }
  return encodeEventStreamMessage({
    headers: {
      ':date': { type: 'timestamp', value: event.date },
      ':chunk-signature': { type: 'binary', value: event.signature },
    },
    payload: event.payload,
  });
}

/** Reads the outer message of a signed event; throws `invalid-header` when `:date` or `:chunk-signature` is missing or mistyped. */
export function parseSignedEvent(message: EventStreamMessage): SignedEvent {
  const date = message.headers[':date'];
  const signature = message.headers[':chunk-signature'];
  if (date?.type !== 'timestamp' || Number.isNaN(date.value.getTime())) {
    throw new SageStreamError('invalid-header', `The input event at byte ${message.byteOffset} has no :date timestamp header; every input event must be signed.`, {
      byteOffset: message.byteOffset,
      expected: ':date (timestamp)',
      actual: date ? `:date (${date.type})` : '(missing)',
    });
  }
  if (signature?.type !== 'binary' || signature.value.length !== CHUNK_SIGNATURE_BYTES) {
    throw new SageStreamError('invalid-header', `The input event at byte ${message.byteOffset} has no ${CHUNK_SIGNATURE_BYTES}-byte :chunk-signature header.`, {
      byteOffset: message.byteOffset,
      expected: `:chunk-signature (${CHUNK_SIGNATURE_BYTES} bytes)`,
      actual: signature ? `${signature.type}${signature.type === 'binary' ? `, ${signature.value.length} bytes` : ''}` : '(missing)',
    });
  }
  return { date: date.value, signature: signature.value, payload: message.payload.slice() };
}
