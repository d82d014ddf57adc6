import { SageStreamError } from '../errors.js';
import { allocBytes, previewHex } from '../util/bytes.js';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES } from './constants.js';
import { createCrc32Block, crc32 as sharedCrc32, crc32Range, updateCrc32Register, type Crc32Block } from './crc32.js';
import { parseHeaders, type MessageHeaders } from './headers.js';

// Local copies of the framing constants: this file is the hot path, and module-local constants
// inline better than imported bindings.
const PRELUDE_BYTES = 12;
const MESSAGE_CRC_BYTES = 4;
const MINIMUM_MESSAGE_BYTES = 16;
const crc32 = sharedCrc32;

/** Payloads up to this size after a known header block get their CRC in JS (see updateCrc32Register). */
const MAX_JS_CRC_PAYLOAD_BYTES = 256;
/** A header block's CRC step is precomputed once it has come back this many times in a row. */
const CRC_STEP_AFTER_REPEATS = 4;

/** Header blocks up to this size are remembered for reuse (SageMaker's are 89–130 bytes). */
const MAX_CACHED_HEADER_BLOCK = 512;

/** One CRC-checked event-stream message. */
export interface EventStreamMessage {
  /** Parsed headers; frozen and possibly shared with earlier messages, so never mutate them. */
  headers: Readonly<MessageHeaders>;
  /** The payload bytes. A view into the input when a frame arrived whole; copy it to keep it past the callback. */
  payload: Uint8Array;
  /** Offset of the message's first byte in the decoded byte stream. */
  byteOffset: number;
  /** Total length of the message on the wire. */
  byteLength: number;
}

/** Limits applied before any allocation; both default to the Smithy event-stream spec maxima. */
export interface EventStreamLimits {
  /** Largest accepted payload of one message (default 24 MiB). */
  maxPayloadBytes?: number;
  /** Largest accepted header block of one message (default 128 KiB). */
  maxHeaderBytes?: number;
}

/** Options of {@link createEventStreamDecoder}. */
export interface EventStreamDecoderOptions extends EventStreamLimits {
  onMessage: (message: EventStreamMessage) => void;
}

/** A push decoder: feed it body chunks of any size, then call `end()`. */
export interface EventStreamDecoder {
  /** Decodes every complete message in `chunk` (plus bytes carried over), calling `onMessage` for each. */
  feed(chunk: Uint8Array): void;
  /** Declares end of input; throws `truncated-frame` if a message is incomplete. */
  end(): void;
  /** Bytes consumed so far (the offset of the next byte). */
  readonly bytesRead: number;
  /** Messages decoded so far. */
  readonly messagesDecoded: number;
}

/**
 * Creates a push decoder for `application/vnd.amazon.eventstream` byte streams.
 *
 * Frames may be split anywhere (even inside the 4-byte length) and several may share a chunk.
 * A frame that arrives whole is decoded in place (no copy); a split one is copied once into a buffer
 * allocated after its prelude (length + CRC) has been validated.
 *
 * @example
 * const decoder = createEventStreamDecoder({ onMessage: (m) => console.log(m.headers[':event-type']) });
 * for await (const chunk of response.body) decoder.feed(chunk);
 * decoder.end();
 */
export function createEventStreamDecoder(options: EventStreamDecoderOptions): EventStreamDecoder {
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const onMessage = options.onMessage;

  const prelude = new Uint8Array(PRELUDE_BYTES);
  const preludeView = new DataView(prelude.buffer);
  let preludeFilled = 0;
  let frame: Uint8Array | null = null; // allocated once the prelude is validated
  let frameFilled = 0;
  let bytesRead = 0; // absolute offset of the next input byte
  let frameStart = 0; // absolute offset of the frame being assembled
  let messagesDecoded = 0;

  /** Validates a prelude; returns the total length. */
  function checkPrelude(view: DataView, offset: number, bytes: Uint8Array, start: number): number {
    const total = view.getUint32(offset, false);
    const headerLength = view.getUint32(offset + 4, false);
    if (total < MINIMUM_MESSAGE_BYTES) {
      throw new SageStreamError(
        'frame-too-short',
        `Event-stream frame at byte ${frameStart} declares a total length of ${total} bytes; the minimum is ${MINIMUM_MESSAGE_BYTES}.${notEventStreamHint(bytes, start)}`,
        { byteOffset: frameStart, expected: `total length >= ${MINIMUM_MESSAGE_BYTES}`, actual: String(total) },
      );
    }
    const expectedCrc = view.getUint32(offset + 8, false);
    const actualCrc = crc32Range(bytes, start, start + 8);
    if (expectedCrc !== actualCrc) {
      throw new SageStreamError(
        'prelude-crc-mismatch',
        `Prelude CRC mismatch in the event-stream frame at byte ${frameStart}: the frame says ${hex32(expectedCrc)}, its first 8 bytes hash to ${hex32(actualCrc)}.${notEventStreamHint(bytes, start)}`,
        { byteOffset: frameStart, expected: hex32(expectedCrc), actual: hex32(actualCrc) },
      );
    }
    if (headerLength > total - MINIMUM_MESSAGE_BYTES) {
      throw new SageStreamError(
        'frame-too-short',
        `Event-stream frame at byte ${frameStart} declares ${headerLength} header bytes but is only ${total} bytes long.`,
        { byteOffset: frameStart, expected: `headers length <= ${total - MINIMUM_MESSAGE_BYTES}`, actual: String(headerLength) },
      );
    }
    if (headerLength > maxHeaderBytes) {
      throw new SageStreamError(
        'headers-too-large',
        `Event-stream frame at byte ${frameStart} has ${headerLength} header bytes; the limit is ${maxHeaderBytes} (option maxHeaderBytes).`,
        { byteOffset: frameStart, expected: `<= ${maxHeaderBytes} header bytes`, actual: String(headerLength) },
      );
    }
    const payloadLength = total - headerLength - MINIMUM_MESSAGE_BYTES;
    if (payloadLength > maxPayloadBytes) {
      throw new SageStreamError(
        'frame-too-large',
        `Event-stream frame at byte ${frameStart} carries a ${payloadLength}-byte payload; the limit is ${maxPayloadBytes} (option maxPayloadBytes).`,
        { byteOffset: frameStart, expected: `<= ${maxPayloadBytes} payload bytes`, actual: String(payloadLength) },
      );
    }
    return total;
  }

  /** Checks the message CRC of a complete frame at bytes[start, start+total) and emits it. */
  function emit(bytes: Uint8Array, start: number, total: number, view: DataView): void {
    const preludeCrc = view.getUint32(start + 8, false);
    const expectedCrc = view.getUint32(start + total - MESSAGE_CRC_BYTES, false);
    const headerLength = view.getUint32(start + 4, false);
    const headersStart = start + PRELUDE_BYTES;
    const payloadStart = headersStart + headerLength;
    const payloadEnd = start + total - MESSAGE_CRC_BYTES;
    const known = isLastHeaderBlock(bytes, view, headersStart, headerLength);
    let actualCrc: number;
    if (known && lastHeaderStep !== undefined && payloadEnd - payloadStart <= MAX_JS_CRC_PAYLOAD_BYTES) {
      // CRC-32 continues: crc(prelude || rest) == crc(rest, crc(prelude)), and crc(prelude) is
      // stored. The header block is the previous frame's, so its step is a table look-up.
      let register = updateCrc32Register(~preludeCrc >>> 0, bytes, start + 8, headersStart);
      register = lastHeaderStep!.advance(register);
      actualCrc = ~updateCrc32Register(register, bytes, payloadStart, payloadEnd) >>> 0;
    } else {
      actualCrc = crc32(bytes.subarray(start + 8, payloadEnd), preludeCrc);
    }
    if (expectedCrc !== actualCrc) {
      throw new SageStreamError(
        'message-crc-mismatch',
        `Message CRC mismatch in the ${total}-byte event-stream frame at byte ${frameStart}: the frame says ${hex32(expectedCrc)}, its bytes hash to ${hex32(actualCrc)}.`,
        { byteOffset: frameStart, expected: hex32(expectedCrc), actual: hex32(actualCrc) },
      );
    }
    let headers: MessageHeaders;
    if (known) {
      headers = lastHeaders!;
      // Build the CRC step only for a block that keeps coming back.
      if (++lastHeaderRepeats === CRC_STEP_AFTER_REPEATS) lastHeaderStep = createCrc32Block(lastHeaderBlock!);
    } else {
      headers = readHeaders(bytes, headersStart, headerLength);
    }
    const payload = bytes.subarray(payloadStart, payloadEnd);
    messagesDecoded++;
    onMessage({ headers, payload, byteOffset: frameStart, byteLength: total });
  }

  // Every PayloadPart of a stream carries the same header block: when a frame's block is
  // byte-identical to the previous one, reuse its (frozen) parsed headers instead of re-parsing,
  // and its precomputed CRC step instead of hashing the block again.
  let lastHeaderBlock: Uint8Array | undefined;
  let lastHeaderView: DataView | undefined;
  let lastHeaders: MessageHeaders | undefined;
  let lastHeaderStep: Crc32Block | undefined;
  let lastHeaderRepeats = 0;
  /** True if `bytes[start, start+length)` is the remembered header block (compared 4 bytes at a time). */
  function isLastHeaderBlock(bytes: Uint8Array, view: DataView, start: number, length: number): boolean {
    if (lastHeaderBlock === undefined || lastHeaderBlock.length !== length) return false;
    const known = lastHeaderView!;
    const words = length - (length % 4);
    let i = 0;
    for (; i < words; i += 4) if (view.getUint32(start + i) !== known.getUint32(i)) return false;
    for (; i < length; i++) if (bytes[start + i] !== lastHeaderBlock[i]) return false;
    return true;
  }
  function readHeaders(bytes: Uint8Array, start: number, length: number): MessageHeaders {
    const headers = Object.freeze(parseHeaders(bytes, start, start + length, frameStart));
    if (length <= MAX_CACHED_HEADER_BLOCK) {
      lastHeaderBlock = bytes.slice(start, start + length);
      lastHeaderView = new DataView(lastHeaderBlock.buffer, lastHeaderBlock.byteOffset, length);
      lastHeaders = headers;
      lastHeaderStep = undefined;
      lastHeaderRepeats = 0;
    }
    return headers;
  }

  function feed(chunk: Uint8Array): void {
    let position = 0;
    const length = chunk.length;
    let chunkView: DataView | undefined;
    while (position < length) {
      if (frame === null) {
        if (preludeFilled === 0) {
          frameStart = bytesRead + position;
          // Fast path: the whole frame is inside this chunk — decode in place, no copy.
          if (length - position >= PRELUDE_BYTES) {
            chunkView ??= new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            const total = checkPrelude(chunkView, position, chunk, position);
            if (length - position >= total) {
              emit(chunk, position, total, chunkView);
              position += total;
              continue;
            }
            frame = allocBytes(total);
            const available = length - position;
            frame.set(chunk.subarray(position, length), 0);
            frameFilled = available;
            position = length;
            break;
          }
        }
        // Slow path: collect the 12-byte prelude across chunks.
        const take = Math.min(PRELUDE_BYTES - preludeFilled, length - position);
        prelude.set(chunk.subarray(position, position + take), preludeFilled);
        preludeFilled += take;
        position += take;
        if (preludeFilled < PRELUDE_BYTES) break;
        const total = checkPrelude(preludeView, 0, prelude, 0);
        frame = allocBytes(total);
        frame.set(prelude, 0);
        frameFilled = PRELUDE_BYTES;
        preludeFilled = 0;
      }
      const take = Math.min(frame.length - frameFilled, length - position);
      frame.set(chunk.subarray(position, position + take), frameFilled);
      frameFilled += take;
      position += take;
      if (frameFilled === frame.length) {
        const complete = frame;
        frame = null;
        frameFilled = 0;
        emit(complete, 0, complete.length, new DataView(complete.buffer, complete.byteOffset, complete.byteLength));
      }
    }
    bytesRead += length;
  }

  function end(): void {
    const held = frame !== null ? frameFilled : preludeFilled;
    if (held > 0) {
      const expected = frame !== null ? `${frame.length} bytes` : `at least ${PRELUDE_BYTES} bytes (the prelude)`;
      throw new SageStreamError(
        'truncated-frame',
        `Truncated event message received: the stream ended ${held} bytes into the frame at byte ${frameStart}, which needs ${expected}.`,
        { byteOffset: frameStart, expected, actual: `${held} bytes` },
      );
    }
  }

  return {
    feed,
    end,
    get bytesRead() {
      return bytesRead;
    },
    get messagesDecoded() {
      return messagesDecoded;
    },
  };
}

/** When a "frame" looks like text (a JSON or HTML error body), say so: that is the usual cause. */
function notEventStreamHint(bytes: Uint8Array, start: number): string {
  const head = bytes.subarray(start, start + 12);
  const printable = head.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f));
  if (!printable) return ` (frame starts with ${previewHex(head)})`;
  return ` The bytes are text (${JSON.stringify(String.fromCharCode(...head))}…), not application/vnd.amazon.eventstream: is this an error response or a container's raw output?`;
}

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
