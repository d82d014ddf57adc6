import { SageStreamError } from '../errors.js';
import { createByteScratch } from './byte-scratch.js';
import { CR, DEFAULT_MAX_LINE_BYTES, LF } from './constants.js';

const COLON = 0x3a;
const SPACE = 0x20;
import { decodeUtf8, tryDecodeUtf8 } from './utf8.js';

/** Index of the first `\r` or `\n` in `bytes[start, end)` (there must be one). */
function nextTerminator(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte <= CR && (byte === LF || byte === CR)) return i;
  }
  return end;
}

/** With a line pending, chunks up to this size are copied behind it and decoded with it in one call. */
const MERGE_WITH_PENDING_BYTES = 1024;

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
  onEvent?: (event: SseEvent) => void;
  /**
   * Called instead of `onEvent` with only the data, as the range `[start, end)` of a decoded string
   * (which may hold other lines too), and the event's first byte: no event object and, for one-line
   * data, no substring per event (the token parser's path, which reads most records in place).
   */
  onData?: (text: string, start: number, end: number, byteOffset: number) => void;
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
  const { onEvent, onData, onComment } = options;
  const pending = createByteScratch();
  let lineStart = 0;
  let bytesRead = 0;
  let atStart = true;
  let skipLeadingLf = false; // the previous chunk ended with CR: a LF first in the next one is its pair

  // Event being assembled. Its data is `dataText[dataStart, dataEnd)`: a range of the decoded batch
  // while it has one line, the lines joined with \n once it has more.
  let dataText: string | undefined;
  let dataStart = 0;
  let dataEnd = 0;
  let eventBytes = 0;
  let eventType = '';
  let lastEventId: string | undefined;
  let eventStart = -1;

  function dispatch(): void {
    if (dataText !== undefined) {
      const text = dataText;
      const offset = eventStart;
      const type = eventType;
      dataText = undefined;
      eventType = '';
      eventBytes = 0;
      eventStart = -1;
      if (onData !== undefined) {
        onData(text, dataStart, dataEnd, offset);
      } else if (onEvent !== undefined) {
        const value = dataStart === 0 && dataEnd === text.length ? text : text.slice(dataStart, dataEnd);
        const event: SseEvent = { data: value, event: type || 'message', byteOffset: offset };
        if (lastEventId !== undefined) event.id = lastEventId;
        onEvent(event);
      }
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

  /** Adds the data line `text[start, end)` to the event. */
  function appendData(text: string, start: number, end: number): void {
    if (dataText === undefined) {
      dataText = text;
      dataStart = start;
      dataEnd = end;
      return;
    }
    const joined = `${dataText.slice(dataStart, dataEnd)}\n${text.slice(start, end)}`;
    dataText = joined;
    dataStart = 0;
    dataEnd = joined.length;
  }

  /** A line that arrived in a batch of decoded lines: `text[start, end)`, `byteLength` bytes at `offset`. */
  function processLineText(text: string, start: number, end: number, byteLength: number, offset: number): void {
    if (byteLength === 0) {
      dispatch();
      return;
    }
    // The event's start, as in processLine: the offset must not depend on how the input was split.
    if (byteLength > maxEventBytes) throw tooLarge(eventStart < 0 ? offset : eventStart, byteLength);
    const first = text.charCodeAt(start);
    if (first !== COLON) {
      if (eventStart < 0) eventStart = offset;
      eventBytes += byteLength + 1;
      if (eventBytes > maxEventBytes) throw tooLarge(eventStart, eventBytes);
    }
    if (
      first === 0x64 &&
      byteLength >= 5 &&
      text.charCodeAt(start + 1) === 0x61 &&
      text.charCodeAt(start + 2) === 0x74 &&
      text.charCodeAt(start + 3) === 0x61 &&
      text.charCodeAt(start + 4) === COLON
    ) {
      // "data:" compared by character codes: startsWith with a position is a builtin call per line.
      appendData(text, end > start + 5 && text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end);
      return;
    }
    processField(text.slice(start, end));
  }

  /** A line decoded on its own (a line split across chunks, or any line of a batch with invalid UTF-8). */
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
      const value = decodeUtf8(bytes.subarray(valueStart), offset + valueStart);
      appendData(value, 0, value.length);
      return;
    }
    processField(decodeUtf8(bytes, offset));
  }

  /** Any line but a `data:` one (fields are rare: parsing them from the decoded text is fine). */
  function processField(line: string): void {
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
        appendData(value, 0, value.length);
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

  /**
   * Complete lines `bytes[start, end)` (the last one ends in a terminator), decoded in one call and
   * cut apart as text (terminators are ASCII, so each terminator byte is one terminator character);
   * `offset` is where `start` is in the stream.
   */
  function processLines(bytes: Uint8Array, start: number, end: number, offset: number): void {
    const base = offset - start;
    const text = tryDecodeUtf8(bytes, start, end);
    if (text === undefined) {
      // Invalid UTF-8 somewhere in the batch: line by line, so the error names the bad byte.
      while (start < end) {
        const terminator = nextTerminator(bytes, start, end);
        processLine(bytes.subarray(start, terminator), base + start);
        start = terminator + 1;
        if (bytes[terminator] === CR && start < end && bytes[start] === LF) start++;
      }
      return;
    }
    // One byte per character: byte and character indices agree. Otherwise a line's byte end is
    // found by scanning its bytes.
    const ascii = text.length === end - start;
    const from = start;
    const length = text.length;
    let nextLf = text.indexOf('\n');
    let nextCr = text.indexOf('\r'); // usually -1 once for the whole batch
    let charStart = 0;
    while (charStart < length) {
      if (nextLf !== -1 && nextLf < charStart) nextLf = text.indexOf('\n', charStart);
      if (nextCr !== -1 && nextCr < charStart) nextCr = text.indexOf('\r', charStart);
      const charEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      // A line of n characters has at least n bytes: its terminator byte is searched from there
      // (one step for an ASCII line, one more per extra byte of a non-ASCII character).
      const byteEnd = ascii ? from + charEnd : nextTerminator(bytes, start + (charEnd - charStart), end);
      processLineText(text, charStart, charEnd, byteEnd - start, base + start);
      start = byteEnd + 1;
      charStart = charEnd + 1;
      if (charEnd === nextCr && charStart < length && text.charCodeAt(charStart) === 0x0a) {
        start++;
        charStart++;
      }
    }
  }

  function hold(chunk: Uint8Array, start: number): void {
    if (start >= chunk.length) return;
    pending.append(chunk, start, chunk.length);
    if (pending.length > maxEventBytes) throw tooLarge(eventStart < 0 ? lineStart : eventStart, pending.length);
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
    bytesRead = base + chunk.length;
    if (chunk.length === 0) return;
    let position = 0;
    if (skipLeadingLf) {
      // The previous chunk ended with a \r (which ended its line): a \n here is its pair.
      skipLeadingLf = false;
      if (chunk[0] === LF) {
        position = 1;
        lineStart = base + 1;
      }
    }
    // The last terminator, searched from the end: the bytes before it are decoded as text.
    let last = chunk.length - 1;
    // Four bytes a step while none can be a terminator, then byte by byte.
    while (last >= position + 3 && chunk[last]! > CR && chunk[last - 1]! > CR && chunk[last - 2]! > CR && chunk[last - 3]! > CR) last -= 4;
    for (; last >= position; last--) {
      const byte = chunk[last]!;
      // One comparison for almost every byte: both terminators are below any printable one.
      if (byte <= CR && (byte === LF || byte === CR)) break;
    }
    if (last < position) {
      hold(chunk, position);
      return;
    }
    const through = last + 1; // the complete lines end here
    if (chunk[last] === CR && through === chunk.length) skipLeadingLf = true;
    const held = pending.length;
    if (held === 0) {
      processLines(chunk, position, through, base + position);
    } else if (chunk.length <= MERGE_WITH_PENDING_BYTES) {
      // A small chunk ends the pending line: copy it behind the pending bytes and decode the
      // complete lines in one call; the rest stays as the new unfinished line.
      pending.append(chunk, 0, chunk.length);
      const start = pending.start;
      processLines(pending.buffer, start, start + held + through, lineStart);
      pending.discard(held + through);
      lineStart = base + through;
      if (pending.length > maxEventBytes) throw tooLarge(eventStart < 0 ? lineStart : eventStart, pending.length);
      return;
    } else {
      // A large chunk: the pending line with the chunk's head, then the chunk's other lines in place.
      const end = nextTerminator(chunk, 0, through) + 1;
      pending.append(chunk, 0, end);
      const start = pending.start;
      processLines(pending.buffer, start, start + pending.length, lineStart);
      pending.clear();
      const rest = chunk[end - 1] === CR && chunk[end] === LF ? end + 1 : end;
      if (rest < through) processLines(chunk, rest, through, base + rest);
    }
    lineStart = base + through;
    hold(chunk, through);
  }

  function end(): void {
    if (pending.length > 0) {
      const line = pending.view();
      pending.clear();
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
