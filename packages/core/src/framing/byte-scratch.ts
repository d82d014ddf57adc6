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
  /** The backing array: bytes `[0, length)` are the held ones (valid until the next `append`). */
  readonly buffer: Uint8Array;
  /** Drops the first `count` bytes, moving the rest to the front. */
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
 * quadratic re-concatenation of a growing buffer.
 */
export function createByteScratch(): ByteScratch {
  let buffer = new Uint8Array(INITIAL_SCRATCH_BYTES);
  let length = 0;
  return {
    append(bytes, start, end) {
      const needed = length + (end - start);
      if (needed > buffer.length) {
        let capacity = buffer.length * 2;
        while (capacity < needed) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      if (end - start <= SMALL_COPY_BYTES) {
        // A typed-array view costs more than copying a few bytes one by one.
        for (let i = start, to = length; i < end; i++, to++) buffer[to] = bytes[i]!;
      } else {
        buffer.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), length);
      }
      length = needed;
    },
    view() {
      return buffer.subarray(0, length);
    },
    get buffer() {
      return buffer;
    },
    discard(count) {
      if (count >= length) {
        this.clear();
        return;
      }
      buffer.copyWithin(0, count, length);
      length -= count;
    },
    clear() {
      length = 0;
      if (buffer.length > RETAINED_SCRATCH_BYTES) buffer = new Uint8Array(INITIAL_SCRATCH_BYTES);
    },
    get length() {
      return length;
    },
    get capacity() {
      return buffer.length;
    },
  };
}
