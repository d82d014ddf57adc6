import { SageStreamError } from '../errors.js';
import { previewHex } from '../util/bytes.js';

// ignoreBOM: a U+FEFF at the start of a line or batch is data; only the stream's first bytes may
// hold a byte order mark, and the splitters strip that one themselves. Without it, decoding a line
// alone or inside a batch of lines would give different text.
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a complete line/event as UTF-8, or throws `invalid-utf8` with its byte offset. */
export function decodeUtf8(bytes: Uint8Array, byteOffset: number): string {
  try {
    return fatalDecoder.decode(bytes);
  } catch (cause) {
    const at = findInvalidUtf8(bytes);
    throw new SageStreamError(
      'invalid-utf8',
      `Invalid UTF-8 in the model output at byte ${byteOffset + at} (bytes ${previewHex(bytes.subarray(at, at + 8))}).`,
      { byteOffset: byteOffset + at, expected: 'UTF-8 text', actual: previewHex(bytes.subarray(at, at + 8)), cause },
    );
  }
}

/** Node's `Buffer.prototype.utf8Slice` (absent in browsers): decodes `bytes[start, end)` with no view to make. */
type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;
const nodeUtf8Slice = (globalThis as { Buffer?: { prototype?: { utf8Slice?: Utf8Slice } } }).Buffer?.prototype?.utf8Slice;

/**
 * Decodes complete lines `bytes[start, end)` as UTF-8 in one call, or returns undefined if they are
 * not valid UTF-8 (the caller then decodes line by line, to report the bad line with its offset).
 *
 * On Node this is `Buffer.prototype.utf8Slice`, which takes the range itself (no `subarray` view
 * per call) and skips `TextDecoder.decode`'s JS wrapper: ~30–40 ns less per call, paid once per
 * PayloadPart. It replaces malformed sequences with U+FFFD instead of failing, so text holding a
 * U+FFFD is decoded again by the fatal decoder, which decides (a real U+FFFD is valid text). It
 * keeps a leading U+FEFF, as `ignoreBOM` does.
 */
export function tryDecodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string | undefined {
  if (nodeUtf8Slice !== undefined) {
    const text = nodeUtf8Slice.call(bytes, start, end);
    if (text.indexOf('\uFFFD') === -1) return text;
  }
  try {
    return fatalDecoder.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence (0 if unknown). */
function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    let need = 0;
    if (byte < 0x80) need = 0;
    else if (byte >= 0xc2 && byte <= 0xdf) need = 1;
    else if (byte >= 0xe0 && byte <= 0xef) need = 2;
    else if (byte >= 0xf0 && byte <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    if (need > 0) {
      try {
        fatalDecoder.decode(bytes.subarray(i, i + need + 1));
      } catch {
        return i; // overlong / surrogate / out of range
      }
    }
    i += need + 1;
  }
  return 0;
}
