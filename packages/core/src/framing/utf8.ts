import { SageStreamError } from '../errors.js';
import { previewHex } from '../util/bytes.js';

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

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
