import { SageStreamError } from '../errors.js';
import { createByteScratch } from './byte-scratch.js';
import { CR, DEFAULT_MAX_LINE_BYTES, LF } from './constants.js';
import { decodeUtf8, tryDecodeUtf8 } from './utf8.js';

/** Options of {@link createLineDecoder}. */
export interface LineDecoderOptions {
  /** Called for every non-blank line, without its `\n` / `\r\n`. `byteOffset` is where it starts. */
  onLine?: (line: string, byteOffset: number) => void;
  /**
   * Called instead of `onLine` with the line as the range `[start, end)` of a decoded string (which
   * may hold other lines too): no substring is made per line. The token parser's path, which reads
   * most records in place.
   */
  onLineRange?: (text: string, start: number, end: number, byteOffset: number) => void;
  /** Longest accepted line in bytes (default 1 MiB); longer ones fail with `line-too-long`. */
  maxLineBytes?: number;
}

/** A push splitter for JSON Lines: `feed` bytes of any size, `end()` to flush a final line. */
export interface LineDecoder {
  feed(chunk: Uint8Array): void;
  /** Flushes a final line that has no `\n` (a real container may end without one). */
  end(): void;
  /** Bytes consumed so far. */
  readonly bytesRead: number;
}

/** An `onLine` callback as an `onLineRange` one: the line's text is cut out of the range. */
function wholeLine(onLine: (line: string, byteOffset: number) => void): (text: string, start: number, end: number, byteOffset: number) => void {
  return (text, start, end, byteOffset) => onLine(start === 0 && end === text.length ? text : text.slice(start, end), byteOffset);
}

/** With a line pending, chunks up to this size are copied behind it and decoded with it in one call. */
const MERGE_WITH_PENDING_BYTES = 1024;

/**
 * Splits container output into lines for `application/jsonlines`: split on `\n`, strip one `\r`,
 * skip blank lines, flush a final unterminated line at `end()`.
 *
 * Lines are split on bytes, and decoded only once complete, so a multi-byte UTF-8 character split
 * across PayloadParts decodes correctly. For speed, a chunk's last newline is found from its end,
 * all its complete lines are decoded with one `TextDecoder` call and cut apart as strings (a
 * newline byte is a newline character, one for one; in pure ASCII text even the indices agree).
 * The bytes of an unfinished line are copied into one growing scratch buffer, never kept as a list
 * of views (see {@link createByteScratch}).
 *
 * @example
 * const lines = createLineDecoder({ onLine: (line) => console.log(JSON.parse(line)) });
 * lines.feed(bytes); lines.end();
 */
export function createLineDecoder(options: LineDecoderOptions): LineDecoder {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const onLineRange: (text: string, start: number, end: number, byteOffset: number) => void =
    options.onLineRange ?? (options.onLine ? wholeLine(options.onLine) : () => undefined);
  const pending = createByteScratch();
  let lineStart = 0; // absolute offset of the pending line's first byte
  let bytesRead = 0;
  let atStart = true;

  /** One line (without its `\n`), decoded on its own. */
  function emitOne(bytes: Uint8Array, offset: number): void {
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === CR) length--;
    if (length === 0) return;
    if (length > maxLineBytes) throw tooLong(offset, length);
    const line = decodeUtf8(length === bytes.length ? bytes : bytes.subarray(0, length), offset);
    onLineRange(line, 0, line.length, offset);
  }

  /** Complete lines `bytes[start, end)`, the last ending in `\n`; `offset` is where `start` is in the stream. */
  function emitLines(bytes: Uint8Array, start: number, end: number, offset: number): void {
    const base = offset - start;
    // The batch's final `\n` is not decoded: a batch of one line (the usual case) is then that
    // line's text as is, with no substring to make.
    const stop = end - 1;
    const text = stop === start ? '' : tryDecodeUtf8(bytes, start, stop);
    if (text === undefined) {
      // Invalid UTF-8 somewhere: go line by line, so the lines before the bad one still come out
      // and the error names the bad byte's offset.
      while (start < end) {
        const lineEnd = bytes.indexOf(LF, start);
        emitOne(bytes.subarray(start, lineEnd), base + start);
        start = lineEnd + 1;
      }
      return;
    }
    // One byte per character: byte and character indices are the same. Otherwise a line of n
    // characters has at least n bytes, so its `\n` byte is searched from n bytes on: one step for
    // an ASCII line, one more per extra byte of a non-ASCII character.
    const ascii = text.length === stop - start;
    const from = start;
    const length = text.length;
    let charStart = 0;
    for (;;) {
      let charEnd = text.indexOf('\n', charStart);
      let byteEnd: number;
      if (charEnd === -1) {
        charEnd = length;
        byteEnd = stop;
      } else if (ascii) {
        byteEnd = from + charEnd;
      } else {
        byteEnd = start + (charEnd - charStart);
        while (bytes[byteEnd] !== LF) byteEnd++;
      }
      let byteLength = byteEnd - start;
      let lineEnd = charEnd;
      if (byteLength > 0 && bytes[byteEnd - 1] === CR) {
        byteLength--;
        lineEnd--;
      }
      if (byteLength > 0) {
        if (byteLength > maxLineBytes) throw tooLong(base + start, byteLength);
        onLineRange(text, charStart, lineEnd, base + start);
      }
      if (charEnd === length) return;
      start = byteEnd + 1;
      charStart = charEnd + 1;
    }
  }

  function tooLong(offset: number, length: number): SageStreamError {
    return new SageStreamError(
      'line-too-long',
      `A line of model output starting at byte ${offset} is longer than ${maxLineBytes} bytes (${length} so far); raise maxLineBytes if this is expected.`,
      { byteOffset: offset, expected: `a line of at most ${maxLineBytes} bytes`, actual: `${length} bytes` },
    );
  }

  function hold(chunk: Uint8Array, start: number): void {
    if (start >= chunk.length) return;
    pending.append(chunk, start, chunk.length);
    if (pending.length > maxLineBytes + 1) throw tooLong(lineStart, pending.length);
  }

  function feed(input: Uint8Array): void {
    let chunk = input;
    if (atStart && chunk.length > 0) {
      atStart = false;
      // A UTF-8 byte order mark is not part of the first line.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        bytesRead += 3;
        lineStart = bytesRead;
      }
    }
    const base = bytesRead;
    bytesRead = base + chunk.length;
    // The last newline, searched from the end: the bytes before it are decoded and split as text.
    let lastLf = chunk.length - 1;
    // Four bytes a step while none is a control byte (a `\n` is one), then byte by byte.
    while (lastLf >= 3 && chunk[lastLf]! > CR && chunk[lastLf - 1]! > CR && chunk[lastLf - 2]! > CR && chunk[lastLf - 3]! > CR) lastLf -= 4;
    while (lastLf >= 0 && chunk[lastLf] !== LF) lastLf--;
    if (lastLf === -1) {
      hold(chunk, 0);
      return;
    }
    const held = pending.length;
    if (held === 0) {
      emitLines(chunk, 0, lastLf + 1, base);
    } else if (chunk.length <= MERGE_WITH_PENDING_BYTES) {
      // A small chunk ends the pending line: copy all of it behind the pending bytes and decode the
      // complete lines in one call; the rest stays as the new unfinished line.
      pending.append(chunk, 0, chunk.length);
      const start = pending.start;
      emitLines(pending.buffer, start, start + held + lastLf + 1, lineStart);
      pending.discard(held + lastLf + 1);
      lineStart = base + lastLf + 1;
      if (pending.length > maxLineBytes + 1) throw tooLong(lineStart, pending.length);
      return;
    } else {
      // A large chunk: decode the pending line with the chunk's head, the chunk's other lines in place.
      const firstLf = chunk.indexOf(LF);
      pending.append(chunk, 0, firstLf + 1);
      const start = pending.start;
      emitLines(pending.buffer, start, start + pending.length, lineStart);
      pending.clear();
      if (firstLf !== lastLf) emitLines(chunk, firstLf + 1, lastLf + 1, base + firstLf + 1);
    }
    lineStart = base + lastLf + 1;
    hold(chunk, lastLf + 1);
  }

  function end(): void {
    if (pending.length === 0) return;
    const line = pending.view();
    pending.clear();
    emitOne(line, lineStart);
  }

  return {
    feed,
    end,
    get bytesRead() {
      return bytesRead;
    },
  };
}
