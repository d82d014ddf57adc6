import { createHash, createHmac } from 'node:crypto';
import type { BidiCrypto } from '@sagestream/core';

/** {@link BidiCrypto} over `node:crypto` (synchronous hashing; the mock verifies every event). */
export function createNodeBidiCrypto(): BidiCrypto {
  return {
    sha256: (data) => Promise.resolve(new Uint8Array(createHash('sha256').update(data).digest())),
    hmacSha256: (key, data) => Promise.resolve(new Uint8Array(createHmac('sha256', key).update(data).digest())),
  };
}
