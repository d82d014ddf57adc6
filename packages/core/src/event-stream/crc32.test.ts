import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRandom, randomInt } from '../../test/helpers/random.js';
import { createCrc32Block, crc32, crc32Implementation, crc32Portable, updateCrc32Register } from './crc32.js';

describe('crc32', () => {
  it('gives the CRC-32/ISO-HDLC check value for "123456789"', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Portable(check)).toBe(0xcbf43926);
  });

  it('uses Node zlib natively here', () => {
    expect(crc32Implementation).toBe('native');
  });

  it('portable and zlib agree on random inputs of every length 0–300 and on continuation', () => {
    const random = createRandom(1);
    for (let length = 0; length <= 300; length++) {
      const data = Uint8Array.from({ length }, () => randomInt(random, 0, 255));
      expect(crc32Portable(data)).toBe(zlibCrc32(data));
      const cut = randomInt(random, 0, length);
      expect(crc32Portable(data.subarray(cut), crc32Portable(data.subarray(0, cut)))).toBe(zlibCrc32(data));
    }
  });

  it('a precomputed block step gives the same CRC as hashing the block, for any register before it', () => {
    const random = createRandom(2);
    for (const blockLength of [1, 7, 89, 130]) {
      const block = Uint8Array.from({ length: blockLength }, () => randomInt(random, 0, 255));
      const step = createCrc32Block(block)!;
      for (let trial = 0; trial < 20; trial++) {
        const head = Uint8Array.from({ length: randomInt(random, 0, 40) }, () => randomInt(random, 0, 255));
        const tail = Uint8Array.from({ length: randomInt(random, 0, 300) }, () => randomInt(random, 0, 255));
        let register = updateCrc32Register(0xffffffff, head, 0, head.length);
        register = step.advance(register);
        register = updateCrc32Register(register, tail, 0, tail.length);
        const whole = new Uint8Array([...head, ...block, ...tail]);
        expect(~register >>> 0).toBe(zlibCrc32(whole));
      }
    }
  });
});
