import { SageStreamError } from '../errors.js';
import { createEventStreamDecoder, type EventStreamLimits, type EventStreamMessage } from '../event-stream/message-decoder.js';
import { bytesEqual, toHex } from './bidi-crypto.js';
import type { EventSignatureChain } from './event-signing.js';
import { parseBidiPayloadPart, type BidiPayloadPart } from './payload-part.js';
import { parseSignedEvent } from './signed-event.js';

/** Options of {@link createBidiInputDecoder}. */
export interface BidiInputDecoderOptions extends EventStreamLimits {
  /** Verifies every event's `:chunk-signature` when set; without it signatures are parsed but not checked. */
  chain?: EventSignatureChain;
  /** Largest accepted distance between an event's `:date` and `now()` (default 5 minutes, as SigV4). */
  maxClockSkewMs?: number;
  now?: () => number;
  /** Most input events accepted, the end-of-input event included (default unlimited). */
  maxEvents?: number;
  onPart: (part: BidiPayloadPart & { byteOffset: number }) => void | Promise<void>;
  /** The signed empty event that ends the input. */
  onEnd?: () => void;
}

/** A push decoder for the request body of a bidirectional stream; `feed` resolves once its events are handled. */
export interface BidiInputDecoder {
  feed(chunk: Uint8Array): Promise<void>;
  /** Declares the end of the HTTP/2 request stream; rejects on a truncated frame. */
  end(): Promise<void>;
  /** True once the end-of-input event arrived. */
  readonly ended: boolean;
  readonly eventsRead: number;
}

const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Decodes and verifies the input events of InvokeEndpointWithBidirectionalStream: each outer
 * message's `:date` and chained `:chunk-signature`, then its inner PayloadPart. A forged,
 * reordered or replayed event breaks the chain and rejects with `signature-mismatch`.
 *
 * @example
 * const input = createBidiInputDecoder({ chain, onPart: (part) => container.send(part) });
 * for await (const chunk of request) await input.feed(chunk);
 * await input.end();
 */
export function createBidiInputDecoder(options: BidiInputDecoderOptions): BidiInputDecoder {
  const maxSkew = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const now = options.now ?? Date.now;
  const maxEvents = options.maxEvents ?? Infinity;
  let ended = false;
  let eventsRead = 0;
  let queue: EventStreamMessage[] = [];
  const decoder = createEventStreamDecoder({
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
    // Messages are copied: verification is asynchronous and the chunk may be reused.
    onMessage: (message) => queue.push({ ...message, payload: message.payload.slice() }),
  });

  async function handle(message: EventStreamMessage): Promise<void> {
    const { byteOffset } = message;
    if (ended) {
      throw new SageStreamError('unexpected-payload', `An input event arrived at byte ${byteOffset} after the end-of-input event.`, { byteOffset, expected: 'no more events', actual: 'an event' });
    }
    if (++eventsRead > maxEvents) {
      throw new SageStreamError('frame-too-large', `More than ${maxEvents} input events in one stream (limit maxEvents).`, { byteOffset, expected: `<= ${maxEvents} events`, actual: String(eventsRead) });
    }
    const signed = parseSignedEvent(message);
    const skew = Math.abs(signed.date.getTime() - now());
    if (skew > maxSkew) {
      throw new SageStreamError('signature-mismatch', `The input event at byte ${byteOffset} is dated ${signed.date.toISOString()}, more than ${Math.round(maxSkew / 1000)} s from the server clock.`, {
        byteOffset,
        expected: `:date within ${maxSkew} ms`,
        actual: signed.date.toISOString(),
      });
    }
    if (options.chain) {
      const expected = await options.chain.peek({ payload: signed.payload, date: signed.date });
      if (!bytesEqual(expected, signed.signature)) {
        throw new SageStreamError('signature-mismatch', `The :chunk-signature of input event ${options.chain.count + 1} (byte ${byteOffset}) does not match: the event was altered, reordered, replayed or signed with another key.`, {
          byteOffset,
          expected: toHex(expected),
          actual: toHex(signed.signature),
          details: { eventIndex: options.chain.count },
        });
      }
      options.chain.advance(signed.signature);
    }
    if (signed.payload.length === 0) {
      ended = true;
      options.onEnd?.();
      return;
    }
    let inner: EventStreamMessage | undefined;
    const innerDecoder = createEventStreamDecoder({
      ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
      onMessage: (decoded) => (inner = decoded),
    });
    innerDecoder.feed(signed.payload);
    innerDecoder.end();
    if (!inner || innerDecoder.messagesDecoded !== 1 || innerDecoder.bytesRead !== signed.payload.length) {
      throw new SageStreamError('unexpected-payload', `The input event at byte ${byteOffset} must carry exactly one inner event message.`, { byteOffset, expected: '1 inner message', actual: String(innerDecoder.messagesDecoded) });
    }
    const messageType = inner.headers[':message-type'];
    const eventType = inner.headers[':event-type'];
    if (messageType?.type !== 'string' || messageType.value !== 'event' || eventType?.type !== 'string' || eventType.value !== 'PayloadPart') {
      throw new SageStreamError('unrecognized-message-type', `The input event at byte ${byteOffset} is not a PayloadPart event (the only input event of this operation).`, {
        byteOffset,
        expected: ':message-type event, :event-type PayloadPart',
        actual: `${messageType?.type === 'string' ? messageType.value : '(none)'} / ${eventType?.type === 'string' ? eventType.value : '(none)'}`,
      });
    }
    await options.onPart({ ...parseBidiPayloadPart(inner), byteOffset });
  }

  let chain: Promise<void> = Promise.resolve();
  const drain = async (): Promise<void> => {
    const messages = queue;
    queue = [];
    for (const message of messages) await handle(message);
  };
  return {
    feed(chunk) {
      // Decode synchronously (framing errors surface at once), handle in order.
      chain = chain.then(() => {
        decoder.feed(chunk);
        return drain();
      });
      return chain;
    },
    end() {
      chain = chain.then(() => {
        decoder.end();
        return drain();
      });
      return chain;
    },
    get ended() {
      return ended;
    },
    get eventsRead() {
      return eventsRead;
    },
  };
}
