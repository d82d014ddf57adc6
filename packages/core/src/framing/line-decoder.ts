import { SageStreamError } from '../errors.js';
import { concatBytes } from '../util/bytes.js';
import { CR, DEFAULT_MAX_LINE_BYTES, LF } from './constants.js';
import { decodeUtf8 } from './utf8.js';

/** Options of {@link createLineDecoder}. */
export interface LineDecoderOptions {
  /** Called for every non-blank line, without its `\n` / `\r\n`. `byteOffset` is where it starts. */
  onLine: (line: string, byteOffset: number) => void;
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

/**
 * Splits container output into lines for `application/jsonlines`: split on `\n`, strip one `\r`,
 * skip blank lines, flush a final unterminated line at `end()`.
 *
 * Lines are split on bytes, and decoded only once complete, so a multi-byte UTF-8 character split
 * across PayloadParts decodes correctly. Each byte is scanned once: pending bytes are kept as a list
 * of views and joined once, when their line ends.
 *
 * @example
 * const lines = createLineDecoder({ onLine: (line) => console.log(JSON.parse(line)) });
 * lines.feed(bytes); lines.end();
 */
export function createLineDecoder(options: LineDecoderOptions): LineDecoder {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const { onLine } = options;
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let lineStart = 0; // absolute offset of the pending line's first byte
  let bytesRead = 0;
  let atStart = true;

  function emit(bytes: Uint8Array, offset: number): void {
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === CR) length--;
    if (length === 0) return;
    if (length > maxLineBytes) throw tooLong(offset, length);
    onLine(decodeUtf8(length === bytes.length ? bytes : bytes.subarray(0, length), offset), offset);
  }

  function tooLong(offset: number, length: number): SageStreamError {
    return new SageStreamError(
      'line-too-long',
      `A line of model output starting at byte ${offset} is longer than ${maxLineBytes} bytes (${length} so far); raise maxLineBytes if this is expected.`,
      { byteOffset: offset, expected: `a line of at most ${maxLineBytes} bytes`, actual: `${length} bytes` },
    );
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
    let position = 0;
    const base = bytesRead;
    while (position < chunk.length) {
      const newline = chunk.indexOf(LF, position);
      if (newline === -1) {
        const rest = chunk.subarray(position);
        pendingLength += rest.length;
        if (pendingLength > maxLineBytes + 1) throw tooLong(lineStart, pendingLength);
        pending.push(rest);
        break;
      }
      if (pending.length === 0) {
        emit(chunk.subarray(position, newline), base + position);
      } else {
        const tail = chunk.subarray(position, newline);
        pending.push(tail);
        const line = concatBytes(pending, pendingLength + tail.length);
        pending = [];
        pendingLength = 0;
        emit(line, lineStart);
      }
      position = newline + 1;
      lineStart = base + position;
    }
    bytesRead = base + chunk.length;
  }

  function end(): void {
    if (pending.length === 0) return;
    const line = concatBytes(pending, pendingLength);
    pending = [];
    pendingLength = 0;
    emit(line, lineStart);
  }

  return {
    feed,
    end,
    get bytesRead() {
      return bytesRead;
    },
  };
}
