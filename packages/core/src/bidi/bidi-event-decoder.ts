import { createEventStreamDecoder, type EventStreamLimits, type EventStreamMessage } from '../event-stream/message-decoder.js';
import { toSageMakerStreamEvent } from '../event-stream/sagemaker-event-decoder.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { BidiCompletionState, BidiDataType } from './bidi-constants.js';
import { parseBidiPayloadPart } from './payload-part.js';

/** One event of an InvokeEndpointWithBidirectionalStream response body. */
export type BidiStreamEvent =
  /** A reply part: one WebSocket frame of the container (or a piece of one, when `PARTIAL`). */
  | { type: 'payload-part'; bytes: Uint8Array; dataType?: BidiDataType; completionState?: BidiCompletionState; padding?: string; byteOffset: number }
  | Exclude<SageMakerStreamEvent, { type: 'payload-part' }>;

/** Options of {@link createBidiEventDecoder}. */
export interface BidiEventDecoderOptions extends EventStreamLimits {
  onEvent: (event: BidiStreamEvent) => void;
}

/** A push decoder from response body bytes to {@link BidiStreamEvent}s. */
export interface BidiEventDecoder {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly bytesRead: number;
}

/** Classifies one response message; PayloadPart payloads are copied (they outlive the chunk). */
export function toBidiStreamEvent(message: EventStreamMessage): BidiStreamEvent {
  const event = toSageMakerStreamEvent(message);
  if (event.type !== 'payload-part') return event;
  const part = parseBidiPayloadPart(message);
  return { type: 'payload-part', ...part, bytes: part.bytes.slice(), byteOffset: message.byteOffset };
}

/**
 * Decodes an InvokeEndpointWithBidirectionalStream response body (unsigned event messages):
 * PayloadParts with `DataType` / `CompletionState` / `P`, `ModelStreamError` and
 * `InternalStreamFailure` exceptions, with the event-stream limits of the response decoder.
 *
 * @example
 * const decoder = createBidiEventDecoder({ onEvent: (event) => event.type === 'payload-part' && show(event.bytes) });
 * stream.on('data', (chunk) => decoder.feed(chunk));
 */
export function createBidiEventDecoder(options: BidiEventDecoderOptions): BidiEventDecoder {
  const decoder = createEventStreamDecoder({
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    onMessage: (message) => options.onEvent(toBidiStreamEvent(message)),
  });
  return {
    feed: decoder.feed,
    end: decoder.end,
    get bytesRead() {
      return decoder.bytesRead;
    },
  };
}
