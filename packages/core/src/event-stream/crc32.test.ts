import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRandom, randomInt } from '../../test/helpers/random.js';
import { crc32, crc32Implementation, crc32Portable } from './crc32.js';

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
});
