import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.js';
import { createChunker } from './create-chunker.js';

const encoder = new TextEncoder();
const WRITES = ['{"token": {"text": "日本"}}\n', '{"token": {"text": " 👍"}}\n', '{"token": {"text": "é"}}\n', '{"outputs": ["x"]}\n', 'data:[DONE]\n\n'].map((text) => encoder.encode(text));
const ALL = Buffer.concat(WRITES);

function run(mode: 'token' | 'coalesce' | 'random', seed = 1): Uint8Array[] {
  const chunker = createChunker({ mode, coalesceFlushes: 2, random: createRandom(seed) });
  const parts = WRITES.flatMap((write) => chunker.push(write));
  return [...parts, ...chunker.flush()];
}

describe('createChunker', () => {
  it('keeps the bytes identical in every mode and never emits an empty part', () => {
    for (const mode of ['token', 'coalesce', 'random'] as const) {
      for (let seed = 0; seed < 50; seed++) {
        const parts = run(mode, seed);
        expect(Buffer.concat(parts).equals(ALL)).toBe(true);
        expect(parts.every((part) => part.length > 0)).toBe(true);
      }
    }
  });

  it('token: one part per write; coalesce: N writes per part', () => {
    expect(run('token')).toEqual(WRITES);
    expect(run('coalesce').map((part) => part.length)).toEqual([WRITES[0]!.length + WRITES[1]!.length, WRITES[2]!.length + WRITES[3]!.length, WRITES[4]!.length]);
  });

  it('random: seeded, and over seeds it splits writes, merges writes and cuts UTF-8 characters', () => {
    expect(run('random', 7)).toEqual(run('random', 7));
    let splitsWrite = false;
    let mergesWrites = false;
    let cutsCharacter = false;
    const ends = new Set<number>();
    let offset = 0;
    for (const write of WRITES) ends.add((offset += write.length));
    for (let seed = 0; seed < 50; seed++) {
      let position = 0;
      for (const part of run('random', seed)) {
        const start = position;
        position += part.length;
        if (!ends.has(position)) splitsWrite = true;
        if ([...ends].some((end) => end > start && end < position)) mergesWrites = true;
        if (position < ALL.length && (ALL[position]! & 0xc0) === 0x80) cutsCharacter = true;
      }
    }
    expect({ splitsWrite, mergesWrites, cutsCharacter }).toEqual({ splitsWrite: true, mergesWrites: true, cutsCharacter: true });
  });
});
