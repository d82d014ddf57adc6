import type { ChunkingMode } from '../config/mock-config.js';
import type { Random } from '../util/random.js';

/** Cuts container writes into PayloadPart payloads. Never returns empty parts. */
export interface Chunker {
  /** Takes one container write; returns the parts to send now. */
  push(bytes: Uint8Array): Uint8Array[];
  /** End of output: returns whatever is still held. */
  flush(): Uint8Array[];
}

/** Options of {@link createChunker}. */
export interface ChunkerOptions {
  mode: ChunkingMode;
  /** `coalesce`: container writes per part. */
  coalesceFlushes: number;
  /** `random`: the source of split points (its own stream, so bytes never depend on it). */
  random: Random;
  /** `split-utf8`: cut every multi-byte character after this many of its bytes (default 1). */
  utf8SplitAt?: number;
}

/** In random mode, pending bytes beyond this are always released, so a part stays small. */
const RANDOM_MAX_HELD_BYTES = 4096;

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The byte length of the UTF-8 sequence a lead byte starts (1 for ASCII and stray bytes). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  return lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
}

/**
 * Cuts `bytes` inside every multi-byte character longer than `at` bytes, right after its `at`-th
 * byte, so that each 2-, 3- or 4-byte character is split at a chosen position.
 */
export function splitInsideCharacters(bytes: Uint8Array, at: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes[i]!);
    if (length > at && i + at > start && i + length <= bytes.length) {
      parts.push(bytes.subarray(start, i + at));
      start = i + at;
    }
    i += length;
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

/**
 * Chunking modes: `token` — one part per container write, as LMI and TGI flush per token;
 * `coalesce` — N writes per part, as under load; `random` — seeded splits anywhere (inside a
 * JSON line, inside a UTF-8 character) and merges of several writes; `split-utf8` — one write per
 * part, each multi-byte character cut after its `utf8SplitAt`-th byte. The concatenated bytes are
 * identical in every mode; only the part boundaries move.
 *
 * @example
 * const chunker = createChunker({ mode: 'random', coalesceFlushes: 4, random: createRandom(7) });
 * for (const write of writes) chunker.push(write).forEach(sendPart);
 * chunker.flush().forEach(sendPart);
 */
export function createChunker(options: ChunkerOptions): Chunker {
  const { mode, coalesceFlushes, random, utf8SplitAt = 1 } = options;
  let held: Uint8Array[] = [];
  let heldBytes = 0;

  const take = (): Uint8Array => {
    const bytes = concat(held);
    held = [];
    heldBytes = 0;
    return bytes;
  };

  function splitRandomly(bytes: Uint8Array, keepTail: boolean): Uint8Array[] {
    const pieces = 1 + random.int(3);
    const cuts = new Set<number>();
    // Cutting before a UTF-8 continuation byte splits a character: favour those cuts, which
    // uniform offsets would rarely hit in mostly-ASCII JSON.
    const insideCharacter: number[] = [];
    for (let i = 1; i < bytes.length; i++) if ((bytes[i]! & 0xc0) === 0x80) insideCharacter.push(i);
    for (let i = 1; i < pieces && bytes.length > 1; i++) {
      cuts.add(insideCharacter.length > 0 && random.next() < 0.5 ? random.pick(insideCharacter) : 1 + random.int(bytes.length - 1));
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const parts: Uint8Array[] = [];
    let start = 0;
    for (const cut of [...sorted, bytes.length]) {
      parts.push(bytes.subarray(start, cut));
      start = cut;
    }
    if (keepTail && parts.length > 1) {
      const tail = parts.pop()!;
      held = [tail];
      heldBytes = tail.length;
    }
    return parts;
  }

  return {
    push(bytes) {
      if (bytes.length === 0) return [];
      switch (mode) {
        case 'token':
          return [bytes];
        case 'split-utf8':
          return splitInsideCharacters(bytes, utf8SplitAt);
        case 'coalesce':
          held.push(bytes);
          heldBytes += bytes.length;
          return held.length >= coalesceFlushes ? [take()] : [];
        case 'random': {
          held.push(bytes);
          heldBytes += bytes.length;
          // Sometimes hold everything: the next write then shares a part with this one.
          if (heldBytes < RANDOM_MAX_HELD_BYTES && random.next() < 0.3) return [];
          return splitRandomly(take(), random.next() < 0.3);
        }
      }
    },
    flush() {
      if (heldBytes === 0) return [];
      return mode === 'random' ? splitRandomly(take(), false) : [take()];
    },
  };
}
