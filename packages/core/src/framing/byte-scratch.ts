/** Capacity a scratch starts with, and keeps after a long line is released. */
const INITIAL_SCRATCH_BYTES = 256;
/** Above this capacity the buffer is dropped once emptied, so one huge line does not pin it. */
const RETAINED_SCRATCH_BYTES = 64 * 1024;

/** Up to this many bytes are copied in a loop rather than through a `subarray` view. */
const SMALL_COPY_BYTES = 32;

/** A growable byte buffer for the unfinished line of a line/SSE splitter. */
export interface ByteScratch {
  /** Appends `bytes[start, end)`. */
  append(bytes: Uint8Array, start: number, end: number): void;
  /** The bytes held (a view: valid until the next `append`, `discard` or `clear`). */
  view(): Uint8Array;
  /** The backing array: the held bytes are `[start, start + length)` (valid until the next `append`). */
  readonly buffer: Uint8Array;
  /** Where the held bytes begin in {@link ByteScratch.buffer}. */
  readonly start: number;
  /** Drops the first `count` held bytes (no copy: the start moves). */
  discard(count: number): void;
  /** Forgets the bytes; gives a large buffer back to the GC. */
  clear(): void;
  readonly length: number;
  /** Bytes of memory the scratch currently holds (its capacity), for tests of retained memory. */
  readonly capacity: number;
}

/**
 * Creates a byte buffer that grows by doubling. The pieces of an unfinished line are copied in
 * rather than kept as a list of views: a line arriving one byte per PayloadPart would otherwise
 * keep a million tiny arrays (and their ArrayBuffers) alive, hundreds of MB for a 1 MiB line.
 * Doubling keeps the copying linear (each byte is moved at most twice on average), never the
 * quadratic re-concatenation of a growing buffer. Consumed bytes are dropped by moving a start
 * index; the held bytes move to the front only when the end of the buffer is reached.
 */
export function createByteScratch(): ByteScratch {
  let buffer = new Uint8Array(INITIAL_SCRATCH_BYTES);
  let start = 0;
  let length = 0;
  function clear(): void {
    start = 0;
    length = 0;
    if (buffer.length > RETAINED_SCRATCH_BYTES) buffer = new Uint8Array(INITIAL_SCRATCH_BYTES);
  }
  return {
    append(bytes, from, to) {
      const count = to - from;
      if (start + length + count > buffer.length) {
        const needed = length + count;
        if (needed > buffer.length / 2) {
          let capacity = buffer.length * 2;
          while (capacity < needed) capacity *= 2;
          const grown = new Uint8Array(capacity);
          grown.set(buffer.subarray(start, start + length));
          buffer = grown;
        } else {
          buffer.copyWithin(0, start, start + length);
        }
        start = 0;
      }
      const at = start + length;
      if (count <= SMALL_COPY_BYTES) {
        // A typed-array view costs more than copying a few bytes one by one.
        for (let i = from, into = at; i < to; i++, into++) buffer[into] = bytes[i]!;
      } else {
        buffer.set(from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to), at);
      }
      length += count;
    },
    view() {
      return buffer.subarray(start, start + length);
    },
    get buffer() {
      return buffer;
    },
    get start() {
      return start;
    },
    discard(count) {
      if (count >= length) clear();
      else {
        start += count;
        length -= count;
      }
    },
    clear,
    get length() {
      return length;
    },
    get capacity() {
      return buffer.length;
    },
  };
}
