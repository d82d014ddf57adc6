import { SageStreamError } from '../errors.js';
import { stringHeader, type MessageHeaders } from '../event-stream/headers.js';
import type { EventStreamMessage } from '../event-stream/message-decoder.js';
import { encodeEventStreamMessage } from '../event-stream/message-encoder.js';
import { BIDI_COMPLETION_STATES, BIDI_DATA_TYPES, type BidiCompletionState, type BidiDataType } from './bidi-constants.js';

/** One `PayloadPart` of a bidirectional stream (the same shape in both directions). */
export interface BidiPayloadPart {
  bytes: Uint8Array;
  dataType?: BidiDataType;
  completionState?: BidiCompletionState;
  /** `P`: padding (the service may pad parts to hide their length). */
  padding?: string;
}

/**
 * Encodes a PayloadPart message: `:event-type`, `:message-type`, `:content-type`, then `DataType`,
 * `CompletionState` and `P` when set (the order of the official client's request events).
 */
export function encodeBidiPayloadPart(part: BidiPayloadPart): Uint8Array {
  return encodePart(part, {
    ':event-type': stringHeader('PayloadPart'),
    ':message-type': stringHeader('event'),
    ':content-type': stringHeader('application/octet-stream'),
  });
}

/**
 * Encodes a response PayloadPart (for servers such as the mock): the three protocol headers in the
 * order SageMaker's HTTP/1.1 runtime writes them in captures (`:event-type`, `:content-type`,
 * `:message-type`), then `DataType`, `CompletionState`, `P`. Decoders ignore the order.
 */
export function encodeBidiResponsePart(part: BidiPayloadPart): Uint8Array {
  return encodePart(part, {
    ':event-type': stringHeader('PayloadPart'),
    ':content-type': stringHeader('application/octet-stream'),
    ':message-type': stringHeader('event'),
  });
}

function encodePart(part: BidiPayloadPart, headers: MessageHeaders): Uint8Array {
  if (part.dataType !== undefined) headers.DataType = stringHeader(part.dataType);
  if (part.completionState !== undefined) headers.CompletionState = stringHeader(part.completionState);
  if (part.padding !== undefined) headers.P = stringHeader(part.padding);
  return encodeEventStreamMessage({ headers, payload: part.bytes });
}

function optionalString(message: EventStreamMessage, name: string): string | undefined {
  const header = message.headers[name];
  if (header === undefined) return undefined;
  if (header.type !== 'string') {
    throw new SageStreamError('invalid-header', `Header ${name} of the PayloadPart at byte ${message.byteOffset} must be a string, got ${header.type}.`, {
      byteOffset: message.byteOffset,
      expected: `${name} (string)`,
      actual: header.type,
    });
  }
  return header.value;
}

/**
 * Reads the fields of a PayloadPart message (`:event-type` must already be `PayloadPart`); throws
 * `invalid-header` for a `DataType` / `CompletionState` outside the modelled values.
 */
export function parseBidiPayloadPart(message: EventStreamMessage): BidiPayloadPart {
  const dataType = optionalString(message, 'DataType');
  const completionState = optionalString(message, 'CompletionState');
  const padding = optionalString(message, 'P');
  if (dataType !== undefined && !BIDI_DATA_TYPES.includes(dataType as BidiDataType)) {
    throw new SageStreamError('invalid-header', `DataType of the PayloadPart at byte ${message.byteOffset} is ${JSON.stringify(dataType)}; expected UTF8 or BINARY.`, {
      byteOffset: message.byteOffset,
      expected: 'UTF8 | BINARY',
      actual: dataType,
    });
  }
  if (completionState !== undefined && !BIDI_COMPLETION_STATES.includes(completionState as BidiCompletionState)) {
    throw new SageStreamError('invalid-header', `CompletionState of the PayloadPart at byte ${message.byteOffset} is ${JSON.stringify(completionState)}; expected PARTIAL or COMPLETE.`, {
      byteOffset: message.byteOffset,
      expected: 'PARTIAL | COMPLETE',
      actual: completionState,
    });
  }
  return {
    bytes: message.payload,
    ...(dataType !== undefined ? { dataType: dataType as BidiDataType } : {}),
    ...(completionState !== undefined ? { completionState: completionState as BidiCompletionState } : {}),
    ...(padding !== undefined ? { padding } : {}),
  };
}
