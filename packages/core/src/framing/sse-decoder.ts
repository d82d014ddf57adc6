import { SageStreamError } from '../errors.js';
import { concatBytes } from '../util/bytes.js';
import { CR, DEFAULT_MAX_LINE_BYTES, LF } from './constants.js';

const COLON = 0x3a;
const SPACE = 0x20;
import { decodeUtf8 } from './utf8.js';

/** One dispatched server-sent event. */
export interface SseEvent {
  /** The `data` field lines joined with `\n`. */
  data: string;
  /** The `event` field, `message` when absent. */
  event: string;
  /** The last `id` field seen, if any. */
  id?: string;
  /** Offset of the event's first byte in the container output. */
  byteOffset: number;
}

/** Options of {@link createSseDecoder}. */
export interface SseDecoderOptions {
  onEvent: (event: SseEvent) => void;
  /** Called for `:` comment lines (TGI sends `:` keep-alives when idle). */
  onComment?: (comment: string) => void;
  /** Largest accepted event (sum of its line bytes) and line (default 1 MiB). */
  maxEventBytes?: number;
}

/** A push SSE parser: `feed` bytes of any size, `end()` at end of stream. */
export interface SseDecoder {
  feed(chunk: Uint8Array): void;
  /** Processes a final unterminated line and dispatches a pending event (see the note on `end`). */
  end(): void;
  readonly bytesRead: number;
}

/**
 * Parses `text/event-stream` container output (WHATWG server-sent events): lines end in `\n`,
 * `\r\n` or `\r`; `data:` with or without one space; multi-line data joined with `\n`; `:` comments;
 * a blank line dispatches.
 *
 * Unlike a browser, `end()` also dispatches an event whose closing blank line never arrived: a
 * container may close the stream straight after its last `data:` line, and dropping the final token
 * there would lose data.
 *
 * @example
 * const sse = createSseDecoder({ onEvent: (e) => e.data !== '[DONE]' && handle(JSON.parse(e.data)) });
 */
export function createSseDecoder(options: SseDecoderOptions): SseDecoder {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_LINE_BYTES;
  const { onEvent, onComment } = options;
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let lineStart = 0;
  let bytesRead = 0;
  let atStart = true;
  let skipLeadingLf = false; // the previous chunk ended with CR: a LF first in the next one is its pair

  // Event being assembled.
  let data: string | undefined; // lines joined with \n as they arrive
  let eventBytes = 0;
  let eventType = '';
  let lastEventId: string | undefined;
  let eventStart = -1;

  function dispatch(): void {
    if (data !== undefined) {
      const event: SseEvent = { data, event: eventType || 'message', byteOffset: eventStart };
      if (lastEventId !== undefined) event.id = lastEventId;
      data = undefined;
      eventType = '';
      eventBytes = 0;
      eventStart = -1;
      onEvent(event);
    } else {
      eventType = '';
      eventBytes = 0;
      eventStart = -1;
    }
  }

  function tooLarge(offset: number, size: number): SageStreamError {
    return new SageStreamError(
      'event-too-large',
      `A server-sent event of model output starting at byte ${offset} is larger than ${maxEventBytes} bytes (${size} so far); raise maxEventBytes if this is expected.`,
      { byteOffset: offset, expected: `an event of at most ${maxEventBytes} bytes`, actual: `${size} bytes` },
    );
  }

  function appendData(value: string): void {
    data = data === undefined ? value : `${data}\n${value}`;
  }

  function processLine(bytes: Uint8Array, offset: number): void {
    const length = bytes.length;
    if (length === 0) {
      dispatch();
      return;
    }
    // Report the event's start, as the partial-line check in feed() does: the offset must not depend on chunking.
    if (length > maxEventBytes) throw tooLarge(eventStart < 0 ? offset : eventStart, length);
    if (bytes[0] !== COLON) {
      if (eventStart < 0) eventStart = offset;
      eventBytes += length + 1;
      if (eventBytes > maxEventBytes) throw tooLarge(eventStart, eventBytes);
    }
    // Fast path for the line that matters: "data:" (TGI) or "data: " (LMI) — decode only the value.
    if (length >= 5 && bytes[0] === 0x64 && bytes[1] === 0x61 && bytes[2] === 0x74 && bytes[3] === 0x61 && bytes[4] === COLON) {
      const valueStart = bytes[5] === SPACE ? 6 : 5;
      appendData(decodeUtf8(bytes.subarray(valueStart), offset + valueStart));
      return;
    }
    const line = decodeUtf8(bytes, offset);
    const colon = line.indexOf(':');
    if (colon === 0) {
      onComment?.(line.slice(1).replace(/^ /, ''));
      return;
    }
    let field: string;
    let value: string;
    if (colon < 0) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 0x20 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        appendData(value);
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      default:
        // `retry` and unknown fields are ignored, as the SSE standard says.
        break;
    }
  }

  function feed(input: Uint8Array): void {
    let chunk = input;
    if (atStart && chunk.length > 0) {
      atStart = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        bytesRead += 3;
        lineStart = bytesRead;
      }
    }
    const base = bytesRead;
    let position = 0;
    if (skipLeadingLf && chunk.length > 0) {
      skipLeadingLf = false;
      if (chunk[0] === LF) {
        position = 1;
        lineStart = base + 1;
      }
    }
    // Find terminators with two native scans (LF and CR) instead of a byte loop.
    let nextLf = chunk.indexOf(LF, position);
    let nextCr = chunk.indexOf(CR, position);
    while (position < chunk.length) {
      if (nextLf !== -1 && nextLf < position) nextLf = chunk.indexOf(LF, position);
      if (nextCr !== -1 && nextCr < position) nextCr = chunk.indexOf(CR, position);
      const terminator = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (terminator === -1) {
        const rest = chunk.subarray(position);
        pendingLength += rest.length;
        if (pendingLength > maxEventBytes) throw tooLarge(eventStart < 0 ? lineStart : eventStart, pendingLength);
        pending.push(rest);
        break;
      }
      let line: Uint8Array;
      let offset: number;
      if (pending.length === 0) {
        line = chunk.subarray(position, terminator);
        offset = base + position;
      } else {
        pending.push(chunk.subarray(position, terminator));
        line = concatBytes(pending, pendingLength + (terminator - position));
        pending = [];
        pendingLength = 0;
        offset = lineStart;
      }
      position = terminator + 1;
      if (chunk[terminator] === CR) {
        if (terminator + 1 < chunk.length) {
          if (chunk[terminator + 1] === LF) position++;
        } else {
          skipLeadingLf = true;
        }
      }
      lineStart = base + position;
      processLine(line, offset);
    }
    bytesRead = base + chunk.length;
  }

  function end(): void {
    if (pending.length > 0) {
      const line = concatBytes(pending, pendingLength);
      pending = [];
      pendingLength = 0;
      processLine(line, lineStart);
    }
    dispatch();
  }

  return {
    feed,
    end,
    get bytesRead() {
      return bytesRead;
    },
  };
}
