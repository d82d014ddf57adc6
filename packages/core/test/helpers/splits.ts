import { createRandom, randomInt } from './random.js';

/** The whole input as one chunk. */
export function whole(bytes: Uint8Array): Uint8Array[] {
  return [bytes];
}

/** One chunk per byte. */
export function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

/** Two chunks split at `offset`. */
export function splitAt(bytes: Uint8Array, offset: number): Uint8Array[] {
  return [bytes.subarray(0, offset), bytes.subarray(offset)];
}

/** Seeded random chunk sizes in [1, maxChunk] (copies, so no chunk shares a buffer with another). */
export function randomSplits(bytes: Uint8Array, seed: number, maxChunk = 17): Uint8Array[] {
  const random = createRandom(seed);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const size = Math.min(randomInt(random, 1, maxChunk), bytes.length - offset);
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Every split variant the torture tests run: whole, byte by byte, every 2-way split, 20 seeded random splits. */
export function* allSplits(bytes: Uint8Array, seeds = 20): Generator<{ name: string; chunks: Uint8Array[] }> {
  yield { name: 'whole', chunks: whole(bytes) };
  yield { name: 'byte-by-byte', chunks: byteByByte(bytes) };
  for (let offset = 1; offset < bytes.length; offset++) yield { name: `split@${offset}`, chunks: splitAt(bytes, offset) };
  for (let seed = 1; seed <= seeds; seed++) yield { name: `random#${seed}`, chunks: randomSplits(bytes, seed) };
}
