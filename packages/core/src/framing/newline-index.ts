import { CR, LF } from './constants.js';

/** Positions of the line terminators found in one chunk, in a reused array. */
export interface NewlineIndex {
  /** Records where `\n` (and, with `withCr`, `\r`) occur in `chunk`; returns how many. */
  scan(chunk: Uint8Array, withCr: boolean): number;
  /** The positions found by the last `scan` (valid until the next one). */
  readonly positions: Int32Array;
}

/**
 * Creates a terminator index. One plain loop over the chunk finds every terminator: cheaper than a
 * native `indexOf` per line, whose fixed cost per call dominates at PayloadPart sizes, and the
 * positions array is reused, so scanning allocates nothing.
 */
export function createNewlineIndex(): NewlineIndex {
  let positions = new Int32Array(64);
  return {
    scan(chunk, withCr) {
      let count = 0;
      const length = chunk.length;
      for (let i = 0; i < length; i++) {
        const byte = chunk[i]!;
        if (byte > CR) continue;
        if (byte !== LF && (!withCr || byte !== CR)) continue;
        if (count === positions.length) {
          const grown = new Int32Array(positions.length * 2);
          grown.set(positions);
          positions = grown;
        }
        positions[count++] = i;
      }
      return count;
    },
    get positions() {
      return positions;
    },
  };
}
