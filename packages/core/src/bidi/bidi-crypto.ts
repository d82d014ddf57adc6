/**
 * The two hash primitives event signing needs. The default uses WebCrypto (`globalThis.crypto.subtle`,
 * present in browsers and Node ≥ 20), so the signing code stays platform-neutral; a server may pass
 * a synchronous `node:crypto` implementation wrapped in promises.
 */
export interface BidiCrypto {
  sha256(data: Uint8Array): Promise<Uint8Array>;
  hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
}

function subtle(): SubtleCrypto {
  const value = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!value) throw new Error('WebCrypto (crypto.subtle) is not available: pass a BidiCrypto implementation.');
  return value;
}

/** WebCrypto-based {@link BidiCrypto}. */
export const webBidiCrypto: BidiCrypto = {
  async sha256(data) {
    return new Uint8Array(await subtle().digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  },
  async hmacSha256(key, data) {
    const imported = await subtle().importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle().sign('HMAC', imported, data as Uint8Array<ArrayBuffer>));
  },
};

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Bytes of an even-length hex string; undefined when it is not hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Constant-time equality of two byte arrays (no early exit on the first difference). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
